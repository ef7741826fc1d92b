import '../../shared/payment/portico-payment.ts';
import { define } from '../../base/define.ts';
import { PorticoPortalPaymentMethod } from './payment-method.ts';

export { PorticoPortalPaymentMethod };
define('portico-portal-payment-method', PorticoPortalPaymentMethod);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-payment-method': PorticoPortalPaymentMethod;
  }
}
