import { PorticoQuantityStepper } from './controls/quantity-stepper/quantity-stepper.ts';
import { PorticoTextField } from './controls/text-field/text-field.ts';
import { PorticoToggle } from './controls/toggle/toggle.ts';
import { PorticoSignupComponents } from './signup/components/components.ts';
import { PorticoCouponField } from './signup/coupon-field/coupon-field.ts';
import { PorticoCustomerFields } from './shared/customer-fields/customer-fields.ts';
import { PorticoOrderSummary } from './signup/order-summary/order-summary.ts';
import { PorticoPayment } from './shared/payment/payment.ts';
import { PorticoSignup } from './signup/signup.ts';
import { PorticoSignupTerms } from './signup/terms/terms.ts';
import { PorticoUsageFees } from './signup/usage-fees/usage-fees.ts';
import { PorticoVariantSwitch } from './signup/variant-switch/variant-switch.ts';

export {
  PorticoCouponField,
  PorticoCustomerFields,
  PorticoOrderSummary,
  PorticoPayment,
  PorticoQuantityStepper,
  PorticoSignup,
  PorticoSignupComponents,
  PorticoSignupTerms,
  PorticoTextField,
  PorticoToggle,
  PorticoUsageFees,
  PorticoVariantSwitch,
};

const elements = {
  'portico-text-field': PorticoTextField,
  'portico-quantity-stepper': PorticoQuantityStepper,
  'portico-toggle': PorticoToggle,
  'portico-variant-switch': PorticoVariantSwitch,
  'portico-signup-components': PorticoSignupComponents,
  'portico-usage-fees': PorticoUsageFees,
  'portico-coupon-field': PorticoCouponField,
  'portico-customer-fields': PorticoCustomerFields,
  'portico-signup-terms': PorticoSignupTerms,
  'portico-payment': PorticoPayment,
  'portico-order-summary': PorticoOrderSummary,
  'portico-signup': PorticoSignup,
};
for (const [tag, element] of Object.entries(elements)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'portico-text-field': PorticoTextField;
    'portico-quantity-stepper': PorticoQuantityStepper;
    'portico-toggle': PorticoToggle;
    'portico-variant-switch': PorticoVariantSwitch;
    'portico-signup-components': PorticoSignupComponents;
    'portico-usage-fees': PorticoUsageFees;
    'portico-coupon-field': PorticoCouponField;
    'portico-customer-fields': PorticoCustomerFields;
    'portico-signup-terms': PorticoSignupTerms;
    'portico-payment': PorticoPayment;
    'portico-order-summary': PorticoOrderSummary;
    'portico-signup': PorticoSignup;
  }
}
