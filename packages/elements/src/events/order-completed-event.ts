export interface PorticoOrderCompletedDetail {
  orderId: string;
  customerId: string;
  contractId: string;
  /** Where the page goes next (absolute http(s) URL), or null; in the loader's iframe the host page goes there. */
  successUrl: string | null;
}

/**
 * The order was placed: the customer, contract and first invoice exist. Cancelable: `preventDefault()` stops
 * the redirect to the success URL.
 */
export class PorticoOrderCompletedEvent extends CustomEvent<PorticoOrderCompletedDetail> {
  static readonly type = 'portico-order-completed';
  constructor(detail: PorticoOrderCompletedDetail) {
    super(PorticoOrderCompletedEvent.type, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'portico-order-completed': PorticoOrderCompletedEvent;
  }
}
