import { PorticoPortalDashboard } from './dashboard.ts';

export { PorticoPortalDashboard };
if (!customElements.get('portico-portal-dashboard')) {
  customElements.define('portico-portal-dashboard', PorticoPortalDashboard);
}

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-dashboard': PorticoPortalDashboard;
  }
}
