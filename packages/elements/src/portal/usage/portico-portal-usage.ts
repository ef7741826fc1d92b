import { define } from '../../base/define.ts';
import { PorticoPortalUsage } from './usage.ts';

export { PorticoPortalUsage };
define('portico-portal-usage', PorticoPortalUsage);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-usage': PorticoPortalUsage;
  }
}
