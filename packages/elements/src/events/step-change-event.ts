/** The parts of the signup page, in order: choosing the plan, the customer's details, payment, done. */
export type SignupStep = 'plan' | 'details' | 'payment' | 'done';

export interface PorticoStepChangeDetail {
  step: SignupStep;
  previousStep: SignupStep;
}

/** The customer moved to another part of the signup page (by focus, or by completing the order). */
export class PorticoStepChangeEvent extends CustomEvent<PorticoStepChangeDetail> {
  static readonly type = 'portico-step-change';
  constructor(detail: PorticoStepChangeDetail) {
    super(PorticoStepChangeEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'portico-step-change': PorticoStepChangeEvent;
  }
}
