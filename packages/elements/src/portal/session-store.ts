import type { PortalSession } from '@portico/core';

/**
 * The portal session of this tab, kept in `sessionStorage` so that a reload of the tab stays signed in for the
 * session's lifetime. Only the session is kept (its short-lived session token and what the server answered with
 * it), never the e-mailed link's token. What is read back is checked strictly: a record of another shape, another
 * tenant or server, or one that has expired is dropped. "Sign out" and an ended session remove it.
 */
export interface StoredPortalSession {
  session: PortalSession;
  /** The server's clock minus this browser's when the session was opened. */
  clockSkewMs: number;
  /** The section shown, as a link's action (`invoices:<contractId>`), opened again after a reload. */
  action: string | null;
}

interface StoredRecord extends StoredPortalSession {
  version: 1;
  tenant: string;
  apiBase: string;
}

const KEY_PREFIX = 'portico-portal-session:';

function storageKey(tenant: string): string {
  return `${KEY_PREFIX}${tenant}`;
}

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage blocked (e.g. a third-party iframe with strict settings): a reload then signs out
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const isTime = (value: unknown): value is string => isString(value) && !Number.isNaN(Date.parse(value));
/** A compact JWS (three base64url parts), which is what the server's session tokens are. */
const isSessionToken = (value: unknown): value is string =>
  isString(value) && value.length < 4096 && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value);

/** Whether `value` has the shape of a session the server answered with (the fields the portal reads). */
function isSession(value: unknown): value is PortalSession {
  if (!isObject(value)) return false;
  const { person, customer, contracts, displayedAreas } = value;
  return (
    isSessionToken(value.sessionToken) &&
    isTime(value.expiresAt) &&
    isTime(value.maxExpiresAt) &&
    isObject(person) &&
    isString(person.id) &&
    isString(person.firstName) &&
    isString(person.lastName) &&
    isString(person.role) &&
    isStringList(person.permissions) &&
    isObject(customer) &&
    isString(customer.id) &&
    isString(customer.name) &&
    isStringList(value.contractIds) &&
    Array.isArray(contracts) &&
    contracts.every((contract) => isObject(contract) && isString(contract.id) && isString(contract.contractNumber)) &&
    isObject(displayedAreas) &&
    Object.values(displayedAreas).every((shown) => typeof shown === 'boolean') &&
    isString(value.language) &&
    (value.action === null || isString(value.action))
  );
}

/** The session this tab stored for `tenant` on `apiBase`, unless it is malformed or has expired (then it is removed). */
export function loadPortalSession(tenant: string, apiBase: string, now = Date.now()): StoredPortalSession | null {
  const store = storage();
  const text = store?.getItem(storageKey(tenant));
  if (!store || !text) return null;
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch {
    record = null;
  }
  const valid =
    isObject(record) &&
    record.version === 1 &&
    record.tenant === tenant &&
    record.apiBase === apiBase &&
    typeof record.clockSkewMs === 'number' &&
    Number.isFinite(record.clockSkewMs) &&
    (record.action === null || isString(record.action)) &&
    isSession(record.session) &&
    Date.parse(record.session.expiresAt) > now + record.clockSkewMs;
  if (!valid) {
    store.removeItem(storageKey(tenant));
    return null;
  }
  const { session, clockSkewMs, action } = record as unknown as StoredRecord;
  return { session, clockSkewMs, action };
}

export function savePortalSession(tenant: string, apiBase: string, stored: StoredPortalSession): void {
  const record: StoredRecord = { version: 1, tenant, apiBase, ...stored };
  try {
    storage()?.setItem(storageKey(tenant), JSON.stringify(record));
  } catch {
    // quota exceeded or storage blocked: a reload then asks for the link again
  }
}

export function forgetPortalSession(tenant: string): void {
  storage()?.removeItem(storageKey(tenant));
}
