import '../../controls/text-field/portico-text-field.ts';
import { define } from '../../base/define.ts';
import { PorticoPayment } from './payment.ts';

export { PorticoPayment };
define('portico-payment', PorticoPayment);

declare global {
  interface HTMLElementTagNameMap {
    'portico-payment': PorticoPayment;
  }
}
