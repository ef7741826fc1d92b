import { PorticoPortalUsage } from './usage.ts';

export { PorticoPortalUsage };
if (!customElements.get('portico-portal-usage')) customElements.define('portico-portal-usage', PorticoPortalUsage);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-usage': PorticoPortalUsage;
  }
}
