import { define } from '../../base/define.ts';
import { PorticoUsageFees } from './usage-fees.ts';

export { PorticoUsageFees };
define('portico-usage-fees', PorticoUsageFees);

declare global {
  interface HTMLElementTagNameMap {
    'portico-usage-fees': PorticoUsageFees;
  }
}
