import { expect } from '@open-wc/testing';
import type { DisplayedArea, PersonPermission, PortalSession } from '@portico/core';
import { allowedViews, canManagePersons, routeForAction } from './access.ts';

const ALL_AREAS: Record<DisplayedArea, boolean> = {
  contracts: true,
  contractDetails: true,
  invoices: true,
  usage: true,
  personnel: true,
  billingAddress: true,
  paymentData: true,
  cancellation: true,
  documents: true,
};

function session(
  permissions: PersonPermission[],
  areas: Partial<Record<DisplayedArea, boolean>> = {},
  role: PortalSession['person']['role'] = 'owner',
): PortalSession {
  return {
    sessionToken: 'x',
    expiresAt: '2030-01-01T00:15:00Z',
    maxExpiresAt: '2030-01-01T01:00:00Z',
    person: { id: 'p1', email: 'a@b.example', firstName: 'A', lastName: 'B', phone: null, role, permissions },
    customer: { id: 'c1', customerNumber: '1', company: null, name: 'A B' },
    contractIds: ['k1', 'k2'],
    contracts: [
      { id: 'k1', contractNumber: '1', planName: 'Pro' },
      { id: 'k2', contractNumber: '2', planName: 'Pro' },
    ],
    displayedAreas: { ...ALL_AREAS, ...areas },
    language: 'en',
    action: null,
  };
}

describe('portal access rules', () => {
  it('shows a section only when the tenant displays it and the person holds its permission', () => {
    const all: PersonPermission[] = ['invoices', 'usage', 'contract', 'payment', 'personnel'];
    const writeAreas = { usage: false, billingAddress: false, paymentData: false, cancellation: false };
    expect(allowedViews(session(all, writeAreas))).to.deep.equal(['dashboard', 'contract', 'invoices', 'personnel']);
    expect(allowedViews(session(all, { ...writeAreas, invoices: false, personnel: false }))).to.deep.equal([
      'dashboard',
      'contract',
    ]);
    expect(allowedViews(session(all, { ...writeAreas, contractDetails: false }))).to.deep.equal([
      'dashboard',
      'invoices',
      'personnel',
    ]);
    expect(allowedViews(session(['invoices']))).to.deep.equal(['dashboard', 'invoices']);
    expect(allowedViews(session(['usage']))).to.deep.equal(['dashboard', 'usage']);
    expect(allowedViews(session(['usage'], { usage: false }))).to.deep.equal(['dashboard']);
  });

  it('maps the write sections to their areas and permissions', () => {
    const all: PersonPermission[] = ['invoices', 'usage', 'contract', 'payment', 'personnel'];
    expect(allowedViews(session(all))).to.deep.equal([
      'dashboard',
      'contract',
      'invoices',
      'usage',
      'billing-address',
      'payment-method',
      'cancellation',
      'personnel',
    ]);
    expect(allowedViews(session(['contract'], { contractDetails: false }))).to.deep.equal([
      'dashboard',
      'billing-address',
      'cancellation',
    ]);
    expect(allowedViews(session(['payment']))).to.deep.equal(['dashboard', 'payment-method']);
    expect(allowedViews(session(['payment'], { paymentData: false }))).to.deep.equal(['dashboard']);
    expect(allowedViews(session(['contract'], { billingAddress: false, cancellation: false }))).to.deep.equal([
      'dashboard',
      'contract',
    ]);
  });

  it('lets only owners and admins with the personnel permission manage persons', () => {
    expect(canManagePersons(session(['personnel'], {}, 'owner'))).to.equal(true);
    expect(canManagePersons(session(['personnel'], {}, 'admin'))).to.equal(true);
    expect(canManagePersons(session(['personnel'], {}, 'member'))).to.equal(false);
    expect(canManagePersons(session(['invoices'], {}, 'admin'))).to.equal(false);
  });

  it('opens the section a deep link names, when the session may see it', () => {
    const owner = session(['invoices', 'contract', 'personnel']);
    expect(routeForAction('invoices', owner)).to.deep.equal({ view: 'invoices', contractId: null });
    expect(routeForAction('contract', owner)).to.deep.equal({ view: 'contract', contractId: 'k1' });
    expect(routeForAction('personnel', owner)).to.deep.equal({ view: 'personnel' });
    expect(routeForAction('payment', owner)).to.deep.equal({ view: 'dashboard' });
    const full = session(['invoices', 'usage', 'contract', 'payment', 'personnel']);
    expect(routeForAction('billing-address', full)).to.deep.equal({ view: 'billing-address' });
    expect(routeForAction('payment-method', full)).to.deep.equal({ view: 'payment-method' });
    expect(routeForAction('payment-method', owner)).to.deep.equal({ view: 'dashboard' });
    expect(routeForAction('cancellation:k2', full)).to.deep.equal({ view: 'cancellation', contractId: 'k2' });
    expect(routeForAction('usage', full)).to.deep.equal({ view: 'usage', contractId: 'k1' });
    expect(routeForAction(null, owner)).to.deep.equal({ view: 'dashboard' });
    expect(routeForAction('personnel', session(['invoices']))).to.deep.equal({ view: 'dashboard' });
  });
});
