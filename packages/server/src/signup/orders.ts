import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { OrderResult } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import type { JsonValue } from '../db/schema.ts';
import { scoped } from '../db/tenant.ts';
import { HttpError } from '../http/errors.ts';
import type { StoredCard } from '../payments/provider.ts';
import { checkSepa } from '../payments/sepa.ts';
import { loadSignupContext } from './context.ts';
import { createOrder } from './create-order.ts';
import { priceDraft } from './pricing.ts';
import {
  checkComponents,
  checkCustomer,
  checkLanguage,
  checkPaymentShape,
  checkTerms,
  invalid,
  requireDraftShape,
  type Fields,
} from './validate.ts';

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

/** `POST /api/signup/{tenant}/orders` with `Idempotency-Key`: 201 with a new order, 200 with a repeated one. */
export const orderRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (
  app,
  { context: { database, paymentProvider: provider } },
) => {
  app.post<{ Params: { tenant: string } }>(
    '/orders',
    { bodyLimit: ORDER_BODY_LIMIT },
    async (request, reply): Promise<OrderResult> => {
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
      const body = requireDraftShape(request.body);
      const hash = requestHash(body);
      const db = database.db;

      const previous = await scoped(db, request.params.tenant)
        .selectFrom('orders')
        .where('idempotency_key', '=', key)
        .select(['request_hash', 'status', 'response'])
        .executeTakeFirst();
      if (previous) return reply.status(200).send(replay(previous, hash));

      const fields: Fields = {};
      const language = checkLanguage(body.language, fields);
      const signup = await loadSignupContext(db, request.params.tenant, body.planVariantId, language);
      const components = checkComponents(body.components, signup.components, fields);
      const customer = checkCustomer(body.customer, signup, fields, true);
      const accepted = checkTerms(body.acceptedTerms, signup, fields);
      const payment = checkPaymentShape(body.payment, signup, fields);
      const couponCode = typeof body.couponCode === 'string' ? body.couponCode.trim() : '';
      if (body.couponCode !== undefined && body.couponCode !== null && typeof body.couponCode !== 'string') {
        fields.couponCode = 'couponCode must be text.';
      }
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
        language: language && signup.settings.languages.available.includes(language) ? language : signup.language,
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
  if (previous.status !== 'completed' || !previous.response) {
    throw new HttpError(409, 'idempotency_conflict', 'An order with this Idempotency-Key is still being processed.');
  }
  return previous.response as unknown as OrderResult;
}
