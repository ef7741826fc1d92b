export interface PorticoSessionExpiredDetail {
  /**
   * Why the portal session ended: `expired` when its time ran out in the page, otherwise the server's 401 code
   * (`token_expired`, `token_invalid`, `token_revoked`).
   */
  reason: 'expired' | 'token_expired' | 'token_invalid' | 'token_revoked';
}

/** The portal session ended (or the link's token was refused); the portal now offers to send a new link. */
export class PorticoSessionExpiredEvent extends CustomEvent<PorticoSessionExpiredDetail> {
  static readonly type = 'portico-session-expired';
  constructor(detail: PorticoSessionExpiredDetail) {
    super(PorticoSessionExpiredEvent.type, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'portico-session-expired': PorticoSessionExpiredEvent;
  }
}
