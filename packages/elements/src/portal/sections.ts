import { msg } from '@lit/localize';
import type { DisplayedArea, PersonPermission } from '@portico/core';

/** What the portal knows about one of its sections. */
export interface PortalSectionEntry {
  /** The section's name in routes and in a link's `action` (`usage`, `usage:{contractId}`). */
  readonly view: string;
  /** The section's element (its module, loaded when the section first opens, registers it). */
  readonly tag: string;
  /** The section's name in the portal's navigation. */
  readonly label: () => string;
  /** The tenant's displayed areas that must all be on for the section to show. */
  readonly areas: readonly DisplayedArea[];
  /** The permission the person needs; null when every person may open the section. */
  readonly permission: PersonPermission | null;
  /**
   * How the section relates to the customer's contracts: `one` shows one contract (the session needs a contract,
   * and the contract picker switches between them), `filter` lists all or, when given one, that contract's, `none`
   * does not concern a contract.
   */
  readonly contract: 'one' | 'filter' | 'none';
}

/**
 * The portal's sections, in the order of its navigation. The portal renders its navigation, its routes and the
 * section shown from this table, and the access rules (`access.ts`) read it. Adding a section: a row here, a folder
 * with the element and its registration module (`portico-portal-….ts`), and its loader in `portal.ts`.
 */
export const SECTIONS = [
  {
    view: 'dashboard',
    tag: 'portico-portal-dashboard',
    label: () => msg('Overview'),
    areas: [],
    permission: null,
    contract: 'none',
  },
  {
    view: 'contract',
    tag: 'portico-portal-contract',
    label: () => msg('Contract details'),
    areas: ['contracts', 'contractDetails'],
    permission: 'contract',
    contract: 'one',
  },
  {
    view: 'invoices',
    tag: 'portico-portal-invoices',
    label: () => msg('All invoices'),
    areas: ['invoices'],
    permission: 'invoices',
    contract: 'filter',
  },
  {
    view: 'usage',
    tag: 'portico-portal-usage',
    label: () => msg('Usage statistics'),
    areas: ['usage'],
    permission: 'usage',
    contract: 'one',
  },
  {
    view: 'billing-address',
    tag: 'portico-portal-billing-address',
    label: () => msg('Billing address'),
    areas: ['billingAddress'],
    permission: 'contract',
    contract: 'none',
  },
  {
    view: 'payment-method',
    tag: 'portico-portal-payment-method',
    label: () => msg('Payment data'),
    areas: ['paymentData'],
    permission: 'payment',
    contract: 'none',
  },
  {
    view: 'cancellation',
    tag: 'portico-portal-cancellation',
    label: () => msg('Cancellation'),
    areas: ['cancellation'],
    permission: 'contract',
    contract: 'one',
  },
  {
    view: 'personnel',
    tag: 'portico-portal-personnel',
    label: () => msg('Authorised personnel'),
    areas: ['personnel'],
    permission: 'personnel',
    contract: 'none',
  },
] as const satisfies readonly PortalSectionEntry[];

export type PortalView = (typeof SECTIONS)[number]['view'];

/** The table's row of a view. */
export function sectionFor(view: PortalView): PortalSectionEntry {
  return SECTIONS.find((section) => section.view === view)!;
}
