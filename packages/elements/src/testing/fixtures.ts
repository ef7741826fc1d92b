import type { PortalSession } from '@portico/core';
import { openSession, PortalClient } from '../portal/client.ts';

/** Seeded ids from the real Portico server that runs beside the component tests. */
export interface Fixtures {
  tenant: string;
  signupVariantId: string;
  closedVariantId: string | null;
  /** The demo contract 20001 (customer 10001, which has an owner, an admin and a member). */
  portalContractId: string;
  portalContractNumber: string;
  /** The e-mail of that contract's owner. */
  portalOwnerEmail: string;
  /** A self-service token of the contract's owner: every permission. */
  portalToken: string;
  /** Another owner token, for tests that log out (a logout revokes its token). */
  revocableToken: string;
  /** A self-service token of the customer's member: only the `usage` permission. */
  memberToken: string;
  /** An owner token whose link opens the invoices (deep link, action `invoices`). */
  invoicesLinkToken: string;
  /** An owner token of customer 10003, which has two contracts in the test server (20003 and one more). */
  multiContractToken: string;
  /** Those two contracts' numbers, in the order of the session's `contractIds`. */
  multiContractNumbers: [string, string];
  /** An admin of customer 10002 with the personnel, invoices and usage permissions only (its owner and other admin hold more). */
  limitedAdminToken: string;
  /** The second contract of customer 10003 (plan Storage), with the coupon WELCOME10 (10 % off for 3 months). */
  couponContractId: string;
  /** A cancelled trial of customer 10002 that ends a month after its trial, and an owner token of that customer. */
  endingTrial: { contractId: string; endDate: string; nextBillingDate: string; token: string };
  /** A member of customer 10002 with the usage permission only (the owner's token is `endingTrial.token`). */
  grantee: { personId: string; token: string };
  /** A demo contract still in its trial, and an owner token of its customer. */
  trial: { contractId: string; token: string };
}

let cached: Promise<Fixtures> | undefined;

export function porticoFixtures(): Promise<Fixtures> {
  cached ??= fetch('/__portico/fixtures.json').then((response) => response.json() as Promise<Fixtures>);
  return cached;
}

/**
 * Exchanges a self-service token of the fixtures (e.g. `portalToken`) for a real session on the test server, with a
 * client for it: what `<portico-portal>` hands its sections.
 */
export async function sessionFor(token: string): Promise<{ session: PortalSession; client: PortalClient }> {
  const { tenant } = await porticoFixtures();
  const { session } = await openSession('', tenant, token);
  return { session, client: new PortalClient('', tenant, session.sessionToken) };
}

/** Loads a theme file from the server, as a hosted page does. */
export async function useTheme(name = 'light'): Promise<void> {
  if (document.querySelector(`link[data-theme="${name}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = `/themes/${name}.css`;
  link.dataset.theme = name;
  const loaded = new Promise((resolve, reject) => {
    link.onload = resolve;
    link.onerror = reject;
  });
  document.head.append(link);
  await loaded;
}
