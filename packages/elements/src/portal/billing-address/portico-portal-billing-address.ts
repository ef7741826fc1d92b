import { PorticoTextField } from '../../controls/text-field/text-field.ts';
import { PorticoCustomerFields } from '../../shared/customer-fields/customer-fields.ts';
import { PorticoPortalBillingAddress } from './billing-address.ts';

export { PorticoPortalBillingAddress };
const elements: Record<string, CustomElementConstructor> = {
  'portico-text-field': PorticoTextField,
  'portico-customer-fields': PorticoCustomerFields,
  'portico-portal-billing-address': PorticoPortalBillingAddress,
};
for (const [tag, element] of Object.entries(elements)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-billing-address': PorticoPortalBillingAddress;
  }
}
