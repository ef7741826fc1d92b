import { PorticoPortalRequestLink } from './request-link.ts';

export { PorticoPortalRequestLink };
if (!customElements.get('portico-portal-request-link')) {
  customElements.define('portico-portal-request-link', PorticoPortalRequestLink);
}

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-request-link': PorticoPortalRequestLink;
  }
}
