import { define } from '../../base/define.ts';
import { PorticoPortalPersonnel } from './personnel.ts';

export { PorticoPortalPersonnel };
define('portico-portal-personnel', PorticoPortalPersonnel);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-personnel': PorticoPortalPersonnel;
  }
}
