import type { Kysely } from 'kysely';
import { canonicalLanguageTag, isLanguageTag, type PersonPermission, type SelfServiceLink } from '@portico/core';
import type { DB, TenantSettings } from '../db/schema.ts';
import { getTenantSettings } from '../db/tenant.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { publicUrl } from './public-url.ts';
import { isUuid, resolveLifetime, SELF_SERVICE_TYP, signToken, type SelfServiceClaims } from './tokens.ts';

export interface SelfServiceLinkRequest {
  tenantId: string;
  contractId: string;
  /** A person of the contract's customer; defaults to the customer's (first) owner. */
  personId?: string;
  /** e.g. 'de'; defaults to the customer's language, then the tenant's. */
  language?: string;
  /** Seconds, within 60 s … the tenant's maximum (≤ 7 days); defaults to the tenant setting. */
  lifetimeSeconds?: number;
  /** Deep-link action the portal opens, e.g. 'payment'. */
  action?: string;
  /**
   * What the caller already knows, so the link is issued without reading it again: the tenant's settings, and the
   * person (of the contract's customer) with the customer's contracts (a new order's confirmation knows them all).
   */
  known?: {
    settings?: TenantSettings;
    person?: {
      personId: string;
      customerId: string;
      permissions: string[];
      contractIds: string[];
      customerLanguage: string | null;
    };
  };
}

const ACTION = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Issues a self-service token for a person of the contract's customer and the portal URL that carries it:
 * `${publicUrl}/${tenant}/portal?language=xx#token=…`. The token's contract scope is the customer's contracts;
 * its permissions are the person's. Works with a transaction (e.g. the one that sends the e-mail).
 */
export async function createSelfServiceLink(db: Kysely<DB>, request: SelfServiceLinkRequest): Promise<SelfServiceLink> {
  const { tenantId, contractId } = request;
  const settings = request.known?.settings ?? (await getTenantSettings(db, tenantId));
  if (!settings) throw notFound('This merchant');
  if (!isUuid(contractId)) throw notFound('This contract');
  if (request.personId !== undefined && !isUuid(request.personId)) throw notFound('This person');
  if (request.language !== undefined && !isLanguageTag(request.language)) {
    throw new HttpError(400, 'invalid_language', 'language must be a language code such as "en" or "de"', {
      language: 'a language code such as "en"',
    });
  }
  if (request.action !== undefined && (typeof request.action !== 'string' || !ACTION.test(request.action))) {
    throw new HttpError(400, 'invalid_action', 'action must be a short lowercase name such as "payment"', {
      action: 'a short lowercase name such as "payment"',
    });
  }
  const lifetime = resolveLifetime(settings.selfService, request.lifetimeSeconds);

  const { customerId, personId, permissions, contractIds, customerLanguage } =
    request.known?.person ?? (await personOf(db, request));
  // The tag as the rest of Portico writes it (`EN-gb` → `en-GB`).
  const requested = request.language === undefined ? null : canonicalLanguageTag(request.language);
  const language = requested ?? customerLanguage ?? settings.languages.default;
  const payload: Omit<SelfServiceClaims, 'iss' | 'aud' | 'exp' | 'iat' | 'jti'> = {
    sub: personId,
    cus: customerId,
    contracts: contractIds,
    permissions: permissions as PersonPermission[],
    language,
    ...(request.action ? { action: request.action } : {}),
  };
  const { token, exp } = await signToken(db, tenantId, SELF_SERVICE_TYP, payload, {
    lifetimeSeconds: lifetime,
  });
  const url = `${publicUrl()}/${encodeURIComponent(tenantId)}/portal?language=${encodeURIComponent(language)}#token=${token}`;
  return { token, url, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The person the link is for, their customer's contracts and the customer's language. */
async function personOf(db: Kysely<DB>, request: SelfServiceLinkRequest) {
  const { tenantId, contractId } = request;
  const contract = await db
    .selectFrom('contracts')
    .innerJoin('customers', (join) =>
      join.onRef('customers.tenant_id', '=', 'contracts.tenant_id').onRef('customers.id', '=', 'contracts.customer_id'),
    )
    .where('contracts.tenant_id', '=', tenantId)
    .where('contracts.id', '=', contractId)
    .select(['contracts.customer_id', 'customers.language'])
    .executeTakeFirst();
  if (!contract) throw notFound('This contract');

  let personQuery = db
    .selectFrom('persons')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', contract.customer_id)
    .select(['id', 'permissions']);
  personQuery = request.personId
    ? personQuery.where('id', '=', request.personId)
    : personQuery.where('role', '=', 'owner').orderBy('created_at').orderBy('id');
  const person = await personQuery.executeTakeFirst();
  if (!person) throw notFound(request.personId ? 'This person' : 'An owner of this customer');

  const contracts = await db
    .selectFrom('contracts')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', contract.customer_id)
    .orderBy('created_at')
    .select('id')
    .execute();

  return {
    customerId: contract.customer_id,
    personId: person.id,
    permissions: person.permissions as string[],
    contractIds: contracts.map((row) => row.id),
    customerLanguage: contract.language,
  };
}
