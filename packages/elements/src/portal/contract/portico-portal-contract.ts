import { PorticoPortalContract } from './contract.ts';

export { PorticoPortalContract };
if (!customElements.get('portico-portal-contract'))
  customElements.define('portico-portal-contract', PorticoPortalContract);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-contract': PorticoPortalContract;
  }
}
