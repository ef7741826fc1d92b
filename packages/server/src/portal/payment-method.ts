import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql, type Kysely } from 'kysely';
import type { PaymentMethodView } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { DB, PaymentMethod } from '../db/schema.ts';
import { scoped } from '../db/tenant.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { renderEmail } from '../email/templates.ts';
import { invalid, notFound } from '../http/errors.ts';
import { limiterOf, rateLimited } from '../http/limits.ts';
import { errors } from '../http/schemas.ts';
import { t } from '../i18n/translate.ts';
import { brandName, maskIban, summarizePaymentMethod } from '../payments/mask.ts';
import { checkPaymentInput, PaymentInputBody } from '../payments/payment-input.ts';
import type { PaymentProvider } from '../payments/provider.ts';
import { checkSepa, mandateReference, sepaCreditor, type SepaCreditor } from '../payments/sepa.ts';
import { insertPaymentMethod, type NewPaymentMethod } from '../payments/store.ts';
import { portalEmailLanguage, portalOf, portalLanguage, requires, type PortalContext } from './context.ts';
import { LanguageQuery, PaymentMethodViewSchema, refuseAs, signedIn, tags, TenantParams } from './schemas.ts';
import { recordEvent } from '../webhooks/events.ts';

/**
 * Payment data: the customer's active method, masked, and its replacement by any method the tenant enables, with
 * the signup's checks (SEPA IBAN/BIC, the card provider's tokens). The old method is kept as `replaced`, the
 * customer's running contracts use the new one, an audit entry and a confirmation e-mail are written in the same
 * transaction. See `payment-method` in packages/core/src/portal-write-api.ts.
 */
export const paymentMethodRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (
  app,
  { context: { database, paymentProvider, clock, limits } },
) => {
  const db = database.db;
  const path = '/payment-method';

  app.get(
    path,
    {
      schema: {
        summary: 'The active payment method (masked), the methods to change to and the SEPA mandate text',
        tags,
        security: signedIn,
        params: TenantParams,
        querystring: LanguageQuery,
        response: { 200: PaymentMethodViewSchema, ...errors(401, 403) },
      },
      preValidation: requires('paymentData', 'payment', 'see the payment data'),
    },
    async (request) => {
      const context = portalOf(request);
      const creditor = await tenantCreditor(db, context, portalLanguage(request, context));
      return toView(context, creditor, await activeMethods(db, context));
    },
  );

  app.put(
    path,
    {
      schema: {
        summary: 'Replace the payment method (the old one is kept as replaced; a confirmation e-mail goes out)',
        description:
          'Field messages are keyed as in the signup: `payment.kind`, `payment.holder`, `payment.iban`, ' +
          '`payment.bic`, `payment.cardToken`. Sending the active method again changes nothing.',
        tags,
        security: signedIn,
        params: TenantParams,
        querystring: LanguageQuery,
        body: PaymentInputBody,
        response: { 200: PaymentMethodViewSchema, ...errors(400, 401, 403, 404, 429) },
      },
      // Each change sends a notification e-mail: limited per customer.
      preValidation: [
        requires('paymentData', 'payment', 'change the payment data'),
        rateLimited({
          limiter: limiterOf(database.db, 'payment-method-customer', limits.paymentMethodChangesPerCustomer),
          key: (request: { portal: PortalContext | null }) => {
            const context = portalOf(request);
            return [context.tenantId, context.customerId];
          },
        }),
      ],
      schemaErrorFormatter: refuseAs('invalid_request', 'Please check the highlighted fields.', { prefix: 'payment' }),
    },
    async (request): Promise<PaymentMethodView> => {
      const context = portalOf(request);
      const payment = await checkPayment(request.body, context, paymentProvider);
      // The mandate is stored in the words the customer saw: the portal's language.
      const creditor = await tenantCreditor(db, context, portalLanguage(request, context));
      return db.transaction().execute(async (trx) => {
        const scope = scoped(trx, context.tenantId);
        // Locking the customer serialises concurrent replacements of the same customer's method.
        const customer = await scope
          .selectFrom('customers')
          .where('id', '=', context.customerId)
          .select(['customer_number', 'email', 'company', 'first_name', 'last_name', 'language'])
          .forUpdate()
          .executeTakeFirst();
        if (!customer) throw notFound('This customer');
        const before = await activeMethods(trx, context);
        // The same method again (a retried request): nothing to replace, no second e-mail.
        if (before[0] && sameMethod(before[0], payment)) return toView(context, creditor, before);

        const contracts = await scope
          .selectFrom('contracts')
          .where('customer_id', '=', context.customerId)
          .where('status', '!=', 'ended')
          .select(['id', 'contract_number'])
          .orderBy('contract_number')
          .execute();
        const { count } = await scope
          .selectFrom('payment_methods')
          .where('customer_id', '=', context.customerId)
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .executeTakeFirstOrThrow();
        const personName = [context.person.first_name, context.person.last_name].filter(Boolean).join(' ');
        const customerName = [customer.first_name, customer.last_name].filter(Boolean).join(' ');
        const reference = mandateReference(
          customer.customer_number,
          `${contracts[0]?.contract_number ?? 'M'}-${Number(count) + 1}`,
        );
        const { paymentMethodId } = await insertPaymentMethod(scope, payment, {
          customerId: context.customerId,
          cardHolder: personName || customerName || null,
          invoiceHolder: customer.company ?? (customerName || null),
          mandateReference: reference,
          creditor,
        });
        const now = clock();
        if (before.length > 0) {
          await scope
            .updateTable('payment_methods')
            .set({ status: 'replaced', replaced_at: now })
            .where('customer_id', '=', context.customerId)
            .where('status', '=', 'active')
            .where('id', '!=', paymentMethodId)
            .execute();
        }
        if (contracts.length > 0) {
          await scope
            .updateTable('contracts')
            .set({ payment_method_id: paymentMethodId, version: sql<number>`version + 1`, updated_at: now })
            .where(
              'id',
              'in',
              contracts.map((contract) => contract.id),
            )
            .execute();
        }
        await writeAudit(trx, {
          tenantId: context.tenantId,
          actor: { type: 'person', id: context.person.id },
          action: 'payment_method.replaced',
          entity: { type: 'payment_method', id: paymentMethodId },
          data: {
            kind: payment.kind,
            previous: before.map((method) => ({ id: method.id, kind: method.kind })),
            contracts: contracts.map((contract) => contract.contract_number),
            source: 'portal',
            ip: request.ip,
          },
        });
        await recordEvent(trx, context.tenantId, 'payment_method.changed', {
          paymentMethodId,
          customerId: context.customerId,
          kind: payment.kind,
          contractIds: contracts.map((contract) => contract.id),
          source: 'portal',
        });

        // In the language the portal shows: the person who changed it reads it as they read the portal.
        const language = portalEmailLanguage(request, customer.language ?? context.settings.languages.default);
        // To the person who changed it and to the customer's address, each greeted by their own name.
        const recipients = new Map<string, string>();
        for (const [email, name] of [
          [context.person.email, personName],
          [customer.email, customerName],
        ] as const) {
          if (!recipients.has(email.toLowerCase())) recipients.set(email.toLowerCase(), name);
        }
        const values = {
          CompanyName: creditor.creditorName,
          ContractNumber: contracts.map((contract) => contract.contract_number).join(', ') || '–',
          PaymentMethod: describe(payment, language),
          MandateNote:
            payment.kind === 'sepa'
              ? t(language, 'email.paymentMethodChanged.mandateNote', {
                  MandateReference: reference,
                  CreditorId: creditor.creditorId,
                  CreditorName: creditor.creditorName,
                })
              : '',
        };
        for (const [to, name] of recipients) {
          const mail = renderEmail(context.settings, 'paymentMethodChanged', language, {
            ...values,
            CustomerName: name,
          });
          await enqueueEmail(trx, context.tenantId, { to, subject: mail.subject, text: mail.text, html: mail.html });
        }
        return toView(context, creditor, await activeMethods(trx, context));
      });
    },
  );
};

/**
 * Checks the method as the signup does (one the tenant enables, the SEPA details, the card provider's token) and
 * turns a card token into the stored card; 400 with `payment.*` fields otherwise.
 */
async function checkPayment(
  body: PaymentInputBody,
  context: PortalContext,
  provider: PaymentProvider,
): Promise<NewPaymentMethod> {
  const fields: Record<string, string> = {};
  const input = checkPaymentInput(body, context.settings.signup.paymentMethods, fields);
  if (!input) throw invalid(fields);
  if (input.kind === 'sepa') {
    const check = checkSepa(input);
    if (!check.ok) throw invalid(check.fields);
    return { kind: 'sepa', holder: String(input.holder).trim(), iban: check.iban, bic: check.bic };
  }
  if (input.kind === 'card') {
    const card = await provider.redeem(context.tenantId, input.cardToken);
    if (!card) {
      throw invalid(
        { 'payment.cardToken': 'The card details have expired or are invalid; enter the card again.' },
        'The card was not accepted. Your current payment method stays active.',
      );
    }
    return { kind: 'card', card };
  }
  return { kind: 'invoice' };
}

function sameMethod(current: PaymentMethod, next: NewPaymentMethod): boolean {
  if (current.kind !== next.kind) return false;
  if (next.kind === 'sepa') {
    return current.iban === next.iban && current.bic === next.bic && current.holder === next.holder;
  }
  if (next.kind === 'card') {
    return current.provider === next.card.provider && current.provider_token === next.card.providerToken;
  }
  return true;
}

/** The customer's active methods, newest first (normally exactly one). */
function activeMethods(db: Kysely<DB>, context: PortalContext): Promise<PaymentMethod[]> {
  return scoped(db, context.tenantId)
    .selectFrom('payment_methods')
    .where('customer_id', '=', context.customerId)
    .where('status', '=', 'active')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The tenant as SEPA creditor, with the mandate text in `language`. */
async function tenantCreditor(db: Kysely<DB>, context: PortalContext, language: string): Promise<SepaCreditor> {
  const tenant = await db
    .selectFrom('tenants')
    .where('id', '=', context.tenantId)
    .select('name')
    .executeTakeFirstOrThrow();
  return sepaCreditor(tenant.name, context.settings, language);
}

function toView(context: PortalContext, creditor: SepaCreditor, active: PaymentMethod[]): PaymentMethodView {
  return {
    current: active[0] ? summarizePaymentMethod(active[0]) : null,
    enabledKinds: context.settings.signup.paymentMethods,
    sepa: creditor,
  };
}

/** The new method in the e-mail's language: kind and masked number, e.g. `SEPA direct debit, DE•• … 3000`. */
function describe(payment: NewPaymentMethod, language: string): string {
  if (payment.kind === 'sepa') return t(language, 'email.paymentMethod.sepa', { Iban: maskIban(payment.iban) });
  if (payment.kind === 'card') {
    const { card } = payment;
    return `${brandName(card.brand)} •••• ${card.last4} (${String(card.expMonth).padStart(2, '0')}/${card.expYear})`;
  }
  return t(language, 'email.paymentMethod.invoice');
}
