import type { PortalSession } from '@portico/core';

export type PortalView =
  'dashboard' | 'contract' | 'invoices' | 'usage' | 'billing-address' | 'payment-method' | 'cancellation' | 'personnel';

export interface PortalRoute {
  view: PortalView;
  /** The contract shown in details, or the contract whose invoices are listed (null: all invoices). */
  contractId?: string | null;
}

/**
 * The sections this session may open: the tenant's displayed areas and the person's permissions both decide
 * (the server enforces the same rules and answers 403 otherwise).
 */
export function allowedViews(session: PortalSession): PortalView[] {
  const areas = session.displayedAreas;
  const has = (permission: string) => (session.person.permissions as string[]).includes(permission);
  const views: PortalView[] = ['dashboard'];
  if (areas.contracts && areas.contractDetails && has('contract') && session.contractIds.length > 0) {
    views.push('contract');
  }
  if (areas.invoices && has('invoices')) views.push('invoices');
  if (areas.usage && has('usage') && session.contractIds.length > 0) views.push('usage');
  if (areas.billingAddress && has('contract')) views.push('billing-address');
  if (areas.paymentData && has('payment')) views.push('payment-method');
  if (areas.cancellation && has('contract') && session.contractIds.length > 0) views.push('cancellation');
  if (areas.personnel && has('personnel')) views.push('personnel');
  return views;
}

/** Owners and admins with the personnel permission manage persons. */
export function canManagePersons(session: PortalSession): boolean {
  return (
    (session.person.role === 'owner' || session.person.role === 'admin') &&
    session.person.permissions.includes('personnel')
  );
}

/**
 * The first view a deep link asks for: the link's `action` names a section (`dashboard`, `contract`, `invoices`,
 * `personnel`, `usage[:contract]`, `billing-address`, `payment-method`, `cancellation[:contract]`); an unknown
 * action, or a section this session may not open, starts on the dashboard.
 */
export function routeForAction(action: string | null, session: PortalSession): PortalRoute {
  if (!action) return { view: 'dashboard' };
  const [name, id] = action.split(':', 2);
  const allowed = allowedViews(session);
  if (name === 'contract' && allowed.includes('contract')) {
    const contractId = id && session.contractIds.includes(id) ? id : (session.contractIds[0] ?? null);
    return { view: 'contract', contractId };
  }
  if (name === 'invoices' && allowed.includes('invoices')) {
    return { view: 'invoices', contractId: id && session.contractIds.includes(id) ? id : null };
  }
  if (name === 'personnel' && allowed.includes('personnel')) return { view: 'personnel' };
  if (name === 'billing-address' && allowed.includes('billing-address')) return { view: 'billing-address' };
  if (name === 'payment-method' && allowed.includes('payment-method')) return { view: 'payment-method' };
  if ((name === 'usage' || name === 'cancellation') && allowed.includes(name)) {
    return { view: name, contractId: id && session.contractIds.includes(id) ? id : (session.contractIds[0] ?? null) };
  }
  return { view: 'dashboard' };
}

/** Asks the portal to show another section; sections dispatch it, the portal listens. */
export class PortalNavigateEvent extends Event {
  static readonly type = 'portal-navigate';
  constructor(readonly route: PortalRoute) {
    super(PortalNavigateEvent.type, { bubbles: true, composed: true });
  }
}
