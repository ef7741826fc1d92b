// The signup page's module: registers <portico-signup> and every element it renders.
import './signup/variant-switch/portico-variant-switch.ts';
import './signup/components/portico-signup-components.ts';
import './signup/usage-fees/portico-usage-fees.ts';
import './signup/coupon-field/portico-coupon-field.ts';
import './shared/customer-fields/portico-customer-fields.ts';
import './signup/order-summary/portico-order-summary.ts';
import './shared/language-picker/portico-language-picker.ts';
import { define } from './base/define.ts';
import { useMessagesOf } from './i18n/localization.ts';
import { PorticoSignup } from './signup/signup.ts';

export { PorticoTextField } from './controls/text-field/portico-text-field.ts';
export { PorticoQuantityStepper } from './controls/quantity-stepper/portico-quantity-stepper.ts';
export { PorticoToggle } from './controls/toggle/portico-toggle.ts';
export { PorticoVariantSwitch } from './signup/variant-switch/portico-variant-switch.ts';
export { PorticoSignupComponents } from './signup/components/portico-signup-components.ts';
export { PorticoUsageFees } from './signup/usage-fees/portico-usage-fees.ts';
export { PorticoCouponField } from './signup/coupon-field/portico-coupon-field.ts';
export { PorticoCustomerFields } from './shared/customer-fields/portico-customer-fields.ts';
export type { PorticoPayment } from './shared/payment/payment.ts';
export type { PorticoSignupTerms } from './signup/terms/terms.ts';
export { PorticoOrderSummary } from './signup/order-summary/portico-order-summary.ts';
export { PorticoSignup };
useMessagesOf('signup');
define('portico-signup', PorticoSignup);

declare global {
  interface HTMLElementTagNameMap {
    'portico-signup': PorticoSignup;
  }
}
