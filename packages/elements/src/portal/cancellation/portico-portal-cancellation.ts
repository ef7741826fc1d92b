import { define } from '../../base/define.ts';
import { PorticoPortalCancellation } from './cancellation.ts';

export { PorticoPortalCancellation };
define('portico-portal-cancellation', PorticoPortalCancellation);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-cancellation': PorticoPortalCancellation;
  }
}
