import { PorticoPortal } from './portal/portal.ts';

export { PorticoPortal };
if (!customElements.get('portico-portal')) customElements.define('portico-portal', PorticoPortal);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal': PorticoPortal;
  }
}
