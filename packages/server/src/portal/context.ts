import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DisplayedArea, PersonPermission, PortalPerson } from '@portico/core';
import { SESSION_TYP, tokenError, verifyToken, type SessionClaims } from '../access/tokens.ts';
import type { DB, Person, TenantSettings } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { requestLanguage } from '../i18n-api/catalog-text.ts';

/** Who is calling the portal API, and what they may see. */
export interface PortalContext {
  tenantId: string;
  claims: SessionClaims;
  person: Person;
  customerId: string;
  /** Contracts of the token's scope that still belong to the customer. */
  contractIds: string[];
  /**
   * The person's permissions as their row says now: read at every request, never from the token, so a right
   * granted or taken away counts at once for links already open.
   */
  permissions: Set<PersonPermission>;
  settings: TenantSettings;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The portal caller (person, customer, contracts, permissions), set by the portal's authentication hook. */
    portal: PortalContext | null;
  }
}

/** The caller of a signed-in portal route; the authentication hook (`portal/routes.ts`) has set it. */
export function portalOf(request: { portal: PortalContext | null }): PortalContext {
  if (!request.portal) throw new Error('portal route registered outside the signed-in portal plugin');
  return request.portal;
}

export const forbidden = (what: string) => new HttpError(403, 'forbidden', `You may not ${what}.`);

/** Verifies the `Authorization: Bearer <session>` header against the tenant. */
export async function authenticate(db: Kysely<DB>, tenantId: string, request: FastifyRequest): Promise<PortalContext> {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) throw tokenError('token_invalid');
  const { claims, person, settings } = await verifyToken<SessionClaims>(
    db,
    tenantId,
    header.slice(7).trim(),
    SESSION_TYP,
  );
  if (typeof claims.sid !== 'string' || typeof claims.mxp !== 'number' || typeof claims.siat !== 'number') {
    throw tokenError('token_invalid');
  }
  return {
    tenantId,
    claims,
    person,
    customerId: person.customer_id,
    contractIds: claims.contracts,
    permissions: new Set(person.permissions as PersonPermission[]),
    settings,
  };
}

/** 403 unless the tenant displays the area and the person holds the permission. */
export function requireAccess(
  context: PortalContext,
  area: DisplayedArea,
  permission: PersonPermission | null,
  what: string,
): void {
  if (!context.settings.selfService.displayedAreas[area]) throw forbidden(what);
  if (permission && !context.permissions.has(permission)) throw forbidden(what);
}

/**
 * A route's `preValidation` hook: 403 unless the tenant displays the area and the person holds the permission
 * (`requireAccess`). Checked before the request is validated, so a person without access is told so, not what is
 * wrong with the input.
 */
export function requires(area: DisplayedArea, permission: PersonPermission | null, what: string) {
  return async (request: { portal: PortalContext | null }): Promise<void> =>
    requireAccess(portalOf(request), area, permission, what);
}

export function toPortalPerson(person: Person): PortalPerson {
  return {
    id: person.id,
    email: person.email,
    firstName: person.first_name ?? '',
    lastName: person.last_name ?? '',
    phone: person.phone,
    role: person.role,
    permissions: person.permissions as PersonPermission[],
  };
}

/** Catalog texts in the language the element shows, else the session's (the link's or the tenant's). */
export function portalLanguage(request: FastifyRequest, context: PortalContext): string {
  return sessionLanguage(request, context.claims, context.settings);
}

/**
 * The language of an e-mail that a portal action sends: the one the portal shows (the request's `?language=` or
 * `Accept-Language`, which the elements always send), else `fallback` (the customer's language).
 */
export function portalEmailLanguage(request: FastifyRequest, fallback: string): string {
  return requestLanguage(request, fallback);
}

/** `portalLanguage` for a session that is still being issued (no authenticated context yet). */
export function sessionLanguage(
  request: FastifyRequest,
  claims: { language?: string },
  settings: Pick<TenantSettings, 'languages'>,
): string {
  return requestLanguage(request, claims.language ?? settings.languages.default);
}
