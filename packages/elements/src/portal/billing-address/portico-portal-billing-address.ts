import '../../shared/customer-fields/portico-customer-fields.ts';
import { define } from '../../base/define.ts';
import { PorticoPortalBillingAddress } from './billing-address.ts';

export { PorticoPortalBillingAddress };
define('portico-portal-billing-address', PorticoPortalBillingAddress);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-billing-address': PorticoPortalBillingAddress;
  }
}
