import { define } from '../../base/define.ts';
import { PorticoPortalInvoices } from './invoices.ts';

export { PorticoPortalInvoices };
define('portico-portal-invoices', PorticoPortalInvoices);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-invoices': PorticoPortalInvoices;
  }
}
