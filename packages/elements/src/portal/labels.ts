import { msg } from '@lit/localize';
import type { ContractSummary, InvoiceSummary, PersonPermission, PersonRole } from '@portico/core';

export function contractStatusLabel(status: ContractSummary['status']): string {
  switch (status) {
    case 'trial':
      return msg('Trial');
    case 'active':
      return msg('Active');
    case 'ending':
      return msg('Ending');
    case 'ended':
      return msg('Ended');
  }
}

export function invoiceStatusLabel(status: InvoiceSummary['status']): string {
  switch (status) {
    case 'open':
      return msg('Open');
    case 'overdue':
      return msg('Overdue');
    case 'paid':
      return msg('Paid');
    case 'void':
      return msg('Void');
    case 'draft':
      return msg('Draft');
  }
}

export function invoiceKindLabel(kind: InvoiceSummary['kind']): string {
  return kind === 'credit_note' ? msg('Credit note') : msg('Invoice');
}

export function roleLabel(role: PersonRole): string {
  switch (role) {
    case 'owner':
      return msg('Owner');
    case 'admin':
      return msg('Administrator');
    case 'member':
      return msg('Member');
  }
}

export const PERMISSIONS: PersonPermission[] = ['invoices', 'usage', 'contract', 'payment', 'personnel'];

export function permissionLabel(permission: PersonPermission): string {
  switch (permission) {
    case 'invoices':
      return msg('Invoices');
    case 'usage':
      return msg('Usage');
    case 'contract':
      return msg('Contract');
    case 'payment':
      return msg('Payment data');
    case 'personnel':
      return msg('Authorised personnel');
  }
}
