export interface PorticoCardErrorDetail {
  /** The provider's code, e.g. `card_declined`, `invalid_request`, `network`; empty when it gave none. */
  code: string;
  /** The provider's sentence, as shown under the card frame. */
  message: string;
}

/** The card frame refused the entered card (declined, invalid fields, no connection); no token was made. */
export class PorticoCardErrorEvent extends CustomEvent<PorticoCardErrorDetail> {
  static readonly type = 'portico-card-error';
  constructor(detail: PorticoCardErrorDetail) {
    super(PorticoCardErrorEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'portico-card-error': PorticoCardErrorEvent;
  }
}
