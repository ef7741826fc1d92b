import { PorticoTextField } from '../../controls/text-field/text-field.ts';
import { PorticoPayment } from '../../shared/payment/payment.ts';
import { PorticoPortalPaymentMethod } from './payment-method.ts';

export { PorticoPortalPaymentMethod };
const elements: Record<string, CustomElementConstructor> = {
  'portico-text-field': PorticoTextField,
  'portico-payment': PorticoPayment,
  'portico-portal-payment-method': PorticoPortalPaymentMethod,
};
for (const [tag, element] of Object.entries(elements)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-payment-method': PorticoPortalPaymentMethod;
  }
}
