import { define } from '../../base/define.ts';
import { PorticoOrderSummary } from './order-summary.ts';

export { PorticoOrderSummary };
define('portico-order-summary', PorticoOrderSummary);

declare global {
  interface HTMLElementTagNameMap {
    'portico-order-summary': PorticoOrderSummary;
  }
}
