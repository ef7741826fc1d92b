import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { acceptLanguageFirst, canonicalLanguageTag, firstLanguageTag, type OrderResult } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { customerFieldMessages } from '../customers/messages.ts';
import { checkCustomer } from '../customers/validate.ts';
import type { JsonValue } from '../db/schema.ts';
import { scoped } from '../db/tenant.ts';
import { HttpError, invalid, sendUnavailable } from '../http/errors.ts';
import { concurrencyGate, limiterOf, rateLimited, WHOLE_TENANT } from '../http/limits.ts';
import { errors, TenantParams } from '../http/schemas.ts';
import { checkPaymentInput } from '../payments/payment-input.ts';
import type { StoredCard } from '../payments/provider.ts';
import { checkSepa } from '../payments/sepa.ts';
import { loadSignupContext } from './context.ts';
import { createOrder } from './create-order.ts';
import { priceDraft } from './pricing.ts';
import { OrderRequestBody, OrderResultSchema } from './schemas.ts';
import { checkComponents, checkTerms, customerRules, type Fields } from './validate.ts';

/** Largest order body accepted (a signup order is a few hundred bytes). */
export const ORDER_BODY_LIMIT = 32 * 1024;

/** JSON with object keys sorted, so the same order hashes the same whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/**
 * `POST /api/signup/{tenant}/orders` with `Idempotency-Key`: 201 with a new order, 200 with a repeated one. Field
 * messages about the customer are in the order's language (else `Accept-Language`'s, else the tenant's).
 */
export const orderRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (
  app,
  { context: { database, paymentProvider: provider, limits } },
) => {
  // Each order sends an e-mail to the address it names and renders a PDF: per client address (no mail relay) and
  // per merchant (one merchant's flood cannot take every other merchant's capacity).
  const limit = rateLimited<FastifyRequest<{ Params: { tenant: string } }>>(
    {
      limiter: limiterOf(database.db, 'order-address', limits.ordersPerAddress),
      key: (request) => [request.params.tenant, request.ip],
    },
    {
      limiter: limiterOf(database.db, 'order-tenant', limits.ordersPerTenant),
      key: (request) => [request.params.tenant, WHOLE_TENANT],
    },
  );
  const gate = concurrencyGate(limits.ordersInFlightPerTenant);
  const holding = new WeakSet<FastifyRequest>();
  app.post(
    '/orders',
    {
      bodyLimit: ORDER_BODY_LIMIT,
      schema: {
        summary: 'Place an order: customer, contract, payment method, first invoice and the welcome e-mail',
        tags: ['signup'],
        params: TenantParams,
        headers: Type.Object({
          'idempotency-key': Type.Optional(
            Type.String({
              description:
                'Required: 1 to 200 characters naming this order attempt. The same key with the same body answers ' +
                'the same order (200); with another body, 409 `idempotency_conflict`.',
            }),
          ),
        }),
        body: OrderRequestBody,
        response: { 200: OrderResultSchema, 201: OrderResultSchema, ...errors(400, 404, 409, 413, 429, 503) },
      },
      // Counted before the body is looked at: a refused order counts too.
      // The gate first: an order beyond the tenant's places costs no database work at all.
      preValidation: [
        async (request, reply) => {
          if (!gate.enter(request.params.tenant)) return sendUnavailable(reply);
          holding.add(request);
        },
        limit,
      ],
      onResponse: async (request) => {
        if (holding.delete(request)) gate.leave(request.params.tenant);
      },
    },
    async (request, reply) => {
      const rawKey = request.headers['idempotency-key'];
      const key = typeof rawKey === 'string' ? rawKey.trim() : '';
      if (!key || key.length > 200) {
        throw new HttpError(
          400,
          'invalid_request',
          'Send an Idempotency-Key header (1 to 200 characters) that identifies this order attempt.',
          { 'Idempotency-Key': 'required, 1 to 200 characters' },
        );
      }
      const body = request.body;
      const hash = requestHash(body);
      const db = database.db;

      const previous = await scoped(db, request.params.tenant)
        .selectFrom('orders')
        .where('idempotency_key', '=', key)
        .select(['id', 'request_hash', 'status', 'response'])
        .executeTakeFirst();
      // A retry is answered as soon as the order is placed, whether or not its document is made yet.
      if (previous) return reply.status(200).send(replay(previous, hash));

      const requested = canonicalLanguageTag(body.language) ?? undefined;
      const signup = await loadSignupContext(db, request.params.tenant, body.planVariantId, requested);
      const language =
        firstLanguageTag([requested, acceptLanguageFirst(request.headers['accept-language'])]) ?? signup.language;
      const fields: Fields = {};
      const components = checkComponents(body.components, signup.components, fields);
      const { customer, problems } = checkCustomer(body.customer, customerRules(signup), true);
      Object.assign(fields, customerFieldMessages(problems, language, 'customer'));
      const accepted = checkTerms(body.acceptedTerms, signup.settings.signup.terms, fields);
      const payment = checkPaymentInput(body.payment, signup.settings.signup.paymentMethods, fields);
      const couponCode = body.couponCode?.trim() ?? '';
      let sepa: { iban: string; bic: string | null; holder: string } | null = null;
      let card: StoredCard | null = null;
      if (payment?.kind === 'sepa') {
        const check = checkSepa(payment);
        if (check.ok) sepa = { iban: check.iban, bic: check.bic, holder: payment.holder.trim() };
        else Object.assign(fields, check.fields);
      } else if (payment?.kind === 'card') {
        card = await provider.redeem(signup.tenant.id, payment.cardToken);
        if (!card) fields['payment.cardToken'] = 'The card details have expired or are invalid; enter the card again.';
      }
      const now = new Date();
      const priced = await priceDraft(db, signup, { components, couponCode, customer }, now);
      if (priced.price.couponError) fields.couponCode = priced.price.couponError;
      if (Object.keys(fields).length > 0 || !payment) throw invalid(fields);

      const outcome = await createOrder(db, {
        signup,
        idempotencyKey: key,
        requestHash: hash,
        customer,
        components,
        priced,
        accepted,
        payment:
          payment.kind === 'sepa'
            ? { kind: 'sepa', ...sepa! }
            : payment.kind === 'card'
              ? { kind: 'card', card: card! }
              : { kind: 'invoice' },
        language: signup.language,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        now,
      });
      if (outcome.created) return reply.status(201).send(outcome.result);
      return reply.status(200).send(replay(outcome.existing, hash));
    },
  );
};

function replay(
  previous: { request_hash: string; status: string; response: JsonValue | null },
  hash: string,
): OrderResult {
  if (previous.request_hash !== hash) {
    throw new HttpError(
      409,
      'idempotency_conflict',
      'This Idempotency-Key was already used for a different order. Use a new key for a new order.',
    );
  }
  if ((previous.status !== 'completed' && previous.status !== 'documenting') || !previous.response) {
    throw new HttpError(409, 'idempotency_conflict', 'An order with this Idempotency-Key is still being processed.');
  }
  return previous.response as unknown as OrderResult;
}
