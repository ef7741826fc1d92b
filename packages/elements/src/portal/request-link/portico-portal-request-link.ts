import { define } from '../../base/define.ts';
import { PorticoPortalRequestLink } from './request-link.ts';

export { PorticoPortalRequestLink };
define('portico-portal-request-link', PorticoPortalRequestLink);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-request-link': PorticoPortalRequestLink;
  }
}
