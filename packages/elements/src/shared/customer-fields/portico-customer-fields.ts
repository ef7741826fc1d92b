import '../../controls/text-field/portico-text-field.ts';
import { define } from '../../base/define.ts';
import { PorticoCustomerFields } from './customer-fields.ts';

export { PorticoCustomerFields };
define('portico-customer-fields', PorticoCustomerFields);

declare global {
  interface HTMLElementTagNameMap {
    'portico-customer-fields': PorticoCustomerFields;
  }
}
