import { define } from '../../base/define.ts';
import { PorticoCouponField } from './coupon-field.ts';

export { PorticoCouponField };
define('portico-coupon-field', PorticoCouponField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-coupon-field': PorticoCouponField;
  }
}
