import { PorticoPortalCancellation } from './cancellation.ts';

export { PorticoPortalCancellation };
if (!customElements.get('portico-portal-cancellation'))
  customElements.define('portico-portal-cancellation', PorticoPortalCancellation);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-cancellation': PorticoPortalCancellation;
  }
}
