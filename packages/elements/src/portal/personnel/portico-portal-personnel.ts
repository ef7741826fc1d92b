import { PorticoPortalPersonnel } from './personnel.ts';

export { PorticoPortalPersonnel };
if (!customElements.get('portico-portal-personnel')) {
  customElements.define('portico-portal-personnel', PorticoPortalPersonnel);
}

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-personnel': PorticoPortalPersonnel;
  }
}
