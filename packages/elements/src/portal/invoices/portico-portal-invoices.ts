import { PorticoPortalInvoices } from './invoices.ts';

export { PorticoPortalInvoices };
if (!customElements.get('portico-portal-invoices'))
  customElements.define('portico-portal-invoices', PorticoPortalInvoices);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-invoices': PorticoPortalInvoices;
  }
}
