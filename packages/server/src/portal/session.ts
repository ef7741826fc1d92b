import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { PortalContractLabel } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import {
  revokeJti,
  SELF_SERVICE_TYP,
  SESSION_TYP,
  signToken,
  tokenError,
  verifyToken,
  type SelfServiceClaims,
  type SessionClaims,
} from '../access/tokens.ts';
import type { DB, Person, TenantSettings } from '../db/schema.ts';
import { scoped } from '../db/tenant.ts';
import { errors, NoContent } from '../http/schemas.ts';
import { translated } from '../i18n-api/catalog-text.ts';
import { publicStringOverrides } from '../i18n-api/string-overrides.ts';
import { portalOf, portalLanguage, sessionLanguage, toPortalPerson } from './context.ts';
import { contractQuery } from './contracts.ts';
import {
  ContractLabelSchema,
  LanguageQuery,
  PortalSessionSchema,
  SessionRequest,
  signedIn,
  tags,
  TenantParams,
  type PortalSessionAnswer,
} from './schemas.ts';

/** A session lasts this long unless extended, and never beyond the self-service token's expiry. */
export const SESSION_SECONDS = 15 * 60;

/**
 * Session exchange: the self-service token from the link becomes a short-lived session token (itself a signed
 * JWT bound to the link token's jti); extending issues a fresh one within the link's lifetime; logout revokes
 * the link token, which ends every session made from it.
 */
export const sessionExchangeRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (
  app,
  { context: { database } },
) => {
  const db = database.db;

  app.post(
    '/session',
    {
      schema: {
        summary: "Exchange a link's self-service token for a session",
        description:
          'A body without a token is answered like an invalid token (401 `token_invalid`): the page then offers to ' +
          'request a new link.',
        tags,
        params: TenantParams,
        querystring: LanguageQuery,
        body: SessionRequest,
        response: { 200: PortalSessionSchema, ...errors(401) },
      },
      schemaErrorFormatter: () => tokenError('token_invalid'),
    },
    async (request) => {
      const { tenant } = request.params;
      const { claims, person, settings } = await verifyToken<SelfServiceClaims>(
        db,
        tenant,
        request.body.token,
        SELF_SERVICE_TYP,
      );
      const session: Omit<SessionClaims, 'iss' | 'aud' | 'exp' | 'iat' | 'jti'> = {
        sub: claims.sub,
        cus: claims.cus,
        contracts: claims.contracts,
        permissions: claims.permissions,
        ...(claims.action ? { action: claims.action } : {}),
        ...(claims.language ? { language: claims.language } : {}),
        sid: claims.jti,
        siat: claims.iat,
        mxp: claims.exp,
      };
      return issueSession(db, request, tenant, settings, session, person);
    },
  );
};

/** The signed-in session: extend it, list its contracts, end it. */
export const sessionRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context: { database } }) => {
  const db = database.db;

  app.post(
    '/session/extend',
    {
      schema: {
        summary: 'Extend the session (a fresh session token, never beyond the link’s expiry)',
        tags,
        security: signedIn,
        params: TenantParams,
        querystring: LanguageQuery,
        response: { 200: PortalSessionSchema, ...errors(401) },
      },
    },
    async (request) => {
      const context = portalOf(request);
      const { iss: _iss, aud: _aud, exp: _exp, iat: _iat, jti: _jti, ...session } = context.claims;
      return issueSession(db, request, context.tenantId, context.settings, session, context.person);
    },
  );

  // The session's contracts (number and plan name) in the language the request names: the portal asks again
  // when the customer switches language, so the contract picker names the plans in the new language.
  app.get(
    '/session/contracts',
    {
      schema: {
        summary: "The session's contracts with their plan names in the request's language",
        tags,
        security: signedIn,
        params: TenantParams,
        querystring: LanguageQuery,
        response: { 200: Type.Array(ContractLabelSchema), ...errors(401) },
      },
    },
    async (request) => {
      const context = portalOf(request);
      const language = portalLanguage(request, context);
      return contractLabels(db, context.tenantId, context.customerId, context.claims.contracts, language);
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        summary: 'Sign out: revoke the link and every session made from it',
        tags,
        security: signedIn,
        params: TenantParams,
        response: { 204: NoContent, ...errors(401) },
      },
    },
    async (request, reply) => {
      const context = portalOf(request);
      await revokeJti(db, context.tenantId, context.claims.sid, context.claims.mxp);
      await revokeJti(db, context.tenantId, context.claims.jti, context.claims.exp);
      return reply.status(204).send(null);
    },
  );
};

async function issueSession(
  db: Kysely<DB>,
  request: FastifyRequest,
  tenantId: string,
  settings: TenantSettings,
  session: Omit<SessionClaims, 'iss' | 'aud' | 'exp' | 'iat' | 'jti'>,
  person: Person,
): Promise<PortalSessionAnswer> {
  const expiresAt = Math.min(Date.now() / 1000 + SESSION_SECONDS, session.mxp);
  const { token, exp } = await signToken<SessionClaims>(db, tenantId, SESSION_TYP, session, expiresAt);
  const customer = await scoped(db, tenantId)
    .selectFrom('customers')
    .where('id', '=', person.customer_id)
    .select(['id', 'customer_number', 'company', 'first_name', 'last_name', 'language'])
    .executeTakeFirstOrThrow();
  // The person's permissions as their row says now (not the link's copy): a right granted since counts.
  const portalPerson = toPortalPerson(person);
  const customerLanguage = session.language ?? customer.language ?? null;
  return {
    sessionToken: token,
    expiresAt: new Date(exp * 1000).toISOString(),
    maxExpiresAt: new Date(session.mxp * 1000).toISOString(),
    person: portalPerson,
    customer: {
      id: customer.id,
      customerNumber: customer.customer_number,
      company: customer.company,
      name: [customer.first_name, customer.last_name].filter(Boolean).join(' '),
    },
    contractIds: session.contracts,
    contracts: await contractLabels(
      db,
      tenantId,
      person.customer_id,
      session.contracts,
      sessionLanguage(request, session, settings),
    ),
    displayedAreas: settings.selfService.displayedAreas,
    language: customerLanguage ?? settings.languages.default,
    customerLanguage,
    stringOverrides: publicStringOverrides(settings.stringOverrides),
    action: session.action ?? null,
  };
}

/**
 * What the portal's contract picker shows of the session's contracts: number and plan name (in `language`), in
 * the order of the token's scope, leaving out any contract that no longer belongs to the customer.
 */
async function contractLabels(
  db: Kysely<DB>,
  tenantId: string,
  customerId: string,
  contractIds: string[],
  language: string,
): Promise<PortalContractLabel[]> {
  if (contractIds.length === 0) return [];
  const rows = await contractQuery(db, { tenantId, customerId, contractIds }).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return contractIds.flatMap((id) => {
    const row = byId.get(id);
    return row
      ? [
          {
            id,
            contractNumber: row.contract_number,
            planName: translated(row.plan_i18n, language, 'name', row.plan_name),
          },
        ]
      : [];
  });
}
