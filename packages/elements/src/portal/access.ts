import type { PortalSession } from '@portico/core';
import { SECTIONS, sectionFor, type PortalSectionEntry, type PortalView } from './sections.ts';

export type { PortalView };

export interface PortalRoute {
  view: PortalView;
  /** The contract shown in details, or the contract whose invoices are listed (null: all invoices). */
  contractId?: string | null;
}

/**
 * Whether the session may open a section: the tenant's displayed areas and the person's permissions both decide
 * (the server enforces the same rules and answers 403 otherwise), and a section of one contract needs a contract.
 */
function mayOpen(section: PortalSectionEntry, session: PortalSession): boolean {
  return (
    section.areas.every((area) => session.displayedAreas[area]) &&
    (section.permission === null || session.person.permissions.includes(section.permission)) &&
    (section.contract !== 'one' || session.contractIds.length > 0)
  );
}

/** The sections this session may open, in the navigation's order. */
export function allowedViews(session: PortalSession): PortalView[] {
  return SECTIONS.filter((section) => mayOpen(section, session)).map((section) => section.view);
}

/** Owners and admins with the personnel permission manage persons. */
export function canManagePersons(session: PortalSession): boolean {
  return (
    (session.person.role === 'owner' || session.person.role === 'admin') &&
    session.person.permissions.includes('personnel')
  );
}

/**
 * The first view a deep link asks for: the link's `action` names a section (`dashboard`, `contract[:contract]`,
 * `invoices[:contract]`, `usage[:contract]`, `billing-address`, `payment-method`, `cancellation[:contract]`,
 * `personnel`); an unknown action, or a section this session may not open, starts on the dashboard. A section of one
 * contract shows the contract named (else the first); the invoices list the contract's named (else all).
 */
export function routeForAction(action: string | null, session: PortalSession): PortalRoute {
  if (!action) return { view: 'dashboard' };
  const [name, id] = action.split(':', 2);
  const view = allowedViews(session).find((allowed) => allowed === name);
  if (!view) return { view: 'dashboard' };
  const named = id && session.contractIds.includes(id) ? id : null;
  switch (sectionFor(view).contract) {
    case 'one':
      return { view, contractId: named ?? session.contractIds[0] ?? null };
    case 'filter':
      return { view, contractId: named };
    case 'none':
      return { view };
  }
}

/** Asks the portal to show another section; sections dispatch it, the portal listens. */
export class PortalNavigateEvent extends Event {
  static readonly type = 'portal-navigate';
  constructor(readonly route: PortalRoute) {
    super(PortalNavigateEvent.type, { bubbles: true, composed: true });
  }
}
