export interface PorticoErrorDetail {
  /** Machine-readable code, e.g. `network`, `not_found`. */
  code: string;
  /** A sentence for people. */
  message: string;
}

/** Something went wrong that the element could not recover from on its own. */
export class PorticoErrorEvent extends CustomEvent<PorticoErrorDetail> {
  static readonly type = 'portico-error';
  constructor(detail: PorticoErrorDetail) {
    super(PorticoErrorEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'portico-error': PorticoErrorEvent;
  }
}
