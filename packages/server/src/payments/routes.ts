import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { CardToken } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { getTenantSettings } from '../db/tenant.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { allowedParentOrigin, cardFrameAncestors, porticoOrigins } from '../http/origins.ts';
import { limiterOf, rateLimited, WHOLE_TENANT } from '../http/limits.ts';
import { scriptNonce, setPagePolicy } from '../http/csp.ts';
import { errors, TenantParams } from '../http/schemas.ts';
import { renderCardFrame } from './card-frame.ts';
import { CardDeclinedError } from './provider.ts';
import { checkCardInput } from './sandbox.ts';

/** The sandbox card provider's iframe page, `/{tenant}/payments/sandbox/card-frame?origin=…`. */
export const cardFrameRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (
  app,
  { context: { database, config } },
) => {
  app.get(
    '/card-frame',
    {
      schema: {
        summary: "The sandbox card provider's card form, framed by the signup page or the portal",
        tags: ['payments'],
        params: TenantParams,
        querystring: Type.Object({
          origin: Type.Optional(Type.String({ description: 'The origin of the page that frames the card form.' })),
        }),
        produces: ['text/html'],
        response: { 200: Type.String({ description: 'An HTML page' }), ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const tenant = await database.db
        .selectFrom('tenants')
        .where('id', '=', request.params.tenant)
        .select(['id', 'name', 'default_language'])
        .executeTakeFirst();
      const settings = tenant && (await getTenantSettings(database.db, tenant.id));
      if (!tenant || !settings) throw notFound('This merchant');
      const origin = allowedParentOrigin(request.query.origin, porticoOrigins(request), settings.frameOrigins);
      if (!origin) {
        throw new HttpError(
          400,
          'invalid_request',
          'The origin parameter must be the Portico origin or one of the merchant’s allowed frame origins.',
          { origin: 'This origin may not embed the card page.' },
        );
      }
      const nonce = scriptNonce();
      setPagePolicy(reply, {
        frameAncestors: cardFrameAncestors(origin, settings.frameOrigins),
        nonce,
        development: config.demo,
      });
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .header('x-content-type-options', 'nosniff')
        .send(
          renderCardFrame({
            tenant: tenant.id,
            tenantName: tenant.name,
            parentOrigin: origin,
            lang: tenant.default_language,
            nonce,
          }),
        );
    },
  );
};

const CardFields = Type.Object(
  {
    number: Type.String({ maxLength: 40, examples: ['4242 4242 4242 4242'] }),
    expMonth: Type.Integer(),
    expYear: Type.Integer({ minimum: 1000, maximum: 9999, examples: [2030] }),
    cvc: Type.String({ maxLength: 8 }),
    holder: Type.String({ maxLength: 200 }),
  },
  { additionalProperties: false },
);

/**
 * The sandbox card provider's tokenisation, `POST /api/payments/sandbox/{tenant}/tokens`: card fields in, a
 * card token out (a real provider does this on its own servers; the card number never reaches Portico's).
 */
export const cardTokenRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (
  app,
  { context: { database, paymentProvider: provider, limits } },
) => {
  // Card testing (many numbers tried against the provider) and floods: per client address and per merchant.
  const limit = rateLimited<FastifyRequest<{ Params: { tenant: string } }>>(
    {
      limiter: limiterOf(database.db, 'card-token-address', limits.cardTokensPerAddress),
      key: (request) => [request.params.tenant, request.ip],
    },
    {
      limiter: limiterOf(database.db, 'card-token-tenant', limits.cardTokensPerTenant),
      key: (request) => [request.params.tenant, WHOLE_TENANT],
    },
  );
  app.post(
    '/tokens',
    {
      schema: {
        summary: 'Tokenise a card (sandbox provider)',
        tags: ['payments'],
        params: TenantParams,
        body: CardFields,
        response: {
          200: Type.Object(
            {
              token: Type.String({ description: 'Send it as `payment.cardToken` with the order.' }),
              brand: Type.String(),
              last4: Type.String(),
              expMonth: Type.Integer(),
              expYear: Type.Integer(),
            },
            { additionalProperties: false, title: 'CardToken' },
          ),
          ...errors(400, 402, 404, 429, 503),
        },
      },
      preValidation: limit,
    },
    async (request): Promise<CardToken> => {
      const tenant = await database.db
        .selectFrom('tenants')
        .where('id', '=', request.params.tenant)
        .select('id')
        .executeTakeFirst();
      if (!tenant) throw notFound('This merchant');
      const fields = checkCardInput(request.body, new Date());
      if (Object.keys(fields).length > 0) {
        throw new HttpError(400, 'invalid_request', 'Check the card details.', fields);
      }
      try {
        return await provider.tokenize(tenant.id, request.body);
      } catch (error) {
        if (error instanceof CardDeclinedError) {
          // The card as a whole was refused, not one of its fields: no field message, the page says it once.
          throw new HttpError(402, 'card_declined', 'The card was declined. Please use another card.');
        }
        throw error;
      }
    },
  );
};
