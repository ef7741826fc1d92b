import { define } from '../../base/define.ts';
import { PorticoPortalDashboard } from './dashboard.ts';

export { PorticoPortalDashboard };
define('portico-portal-dashboard', PorticoPortalDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-dashboard': PorticoPortalDashboard;
  }
}
