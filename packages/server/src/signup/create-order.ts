import type { Kysely } from 'kysely';
import type { CustomerInput, OrderResult } from '@portico/core';
import { createSelfServiceLink } from '../access/links.ts';
import { redeemCoupon } from '../billing/coupons.ts';
import { addDays, ymd } from '../contracts/dates.ts';
import { periodEnd } from '../contracts/periods.ts';
import { issueInvoice } from '../billing/invoice.ts';
import type { BillingAddress, Component, DB, JsonValue } from '../db/schema.ts';
import { nextNumber, scoped } from '../db/tenant.ts';
import { storeContractDocument } from '../documents/contract-pdf.ts';
import { pdfLanguage } from '../documents/pdf.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { renderEmail } from '../email/templates.ts';
import { HttpError } from '../http/errors.ts';
import { formatDate } from '../i18n/format.ts';
import { t } from '../i18n/translate.ts';
import { mandateReference, sepaCreditor } from '../payments/sepa.ts';
import { contractPaymentLines, insertPaymentMethod, type NewPaymentMethod } from '../payments/store.ts';
import type { SignupContext } from './context.ts';
import type { PricedDraft } from './pricing.ts';

export type OrderPayment = NewPaymentMethod;

export interface NewOrder {
  signup: SignupContext;
  idempotencyKey: string;
  requestHash: string;
  customer: CustomerInput;
  components: Array<{ component: Component; quantity: number }>;
  priced: PricedDraft;
  accepted: Set<string>;
  payment: OrderPayment;
  language: string;
  ip: string | null;
  userAgent: string | null;
  now: Date;
}

export type OrderOutcome =
  | { created: true; result: OrderResult }
  | { created: false; existing: { request_hash: string; status: string; response: JsonValue | null } };

/**
 * Test seam: called after each step inside the order transaction. A test makes a step throw to prove that a
 * failure part-way leaves no row behind. Production code never sets it.
 */
export const orderTestHooks: { afterStep?: (step: string) => void | Promise<void> } = {};

const OWNER_PERMISSIONS = ['invoices', 'usage', 'contract', 'payment', 'personnel'];

/**
 * Creates everything an order makes, in one transaction: the order row (claiming the idempotency key first, so a
 * concurrent duplicate waits on the unique key and then finds the finished order), customer, owner, payment method,
 * contract with components, first invoice (unless in trial), terms acceptances, contract PDF, audit entries and the
 * confirmation e-mail.
 */
export async function createOrder(db: Kysely<DB>, order: NewOrder): Promise<OrderOutcome> {
  const { signup, priced, customer, now } = order;
  const tenantId = signup.tenant.id;
  // Inside a caller's transaction (the demo seed's), the order joins it.
  const transaction = db.isTransaction
    ? { execute: <T>(run: (trx: Kysely<DB>) => Promise<T>) => run(db) }
    : db.transaction();
  return transaction.execute(async (trx): Promise<OrderOutcome> => {
    const scope = scoped(trx, tenantId);
    const step = async (name: string) => orderTestHooks.afterStep?.(name);
    const claimed = await trx
      .insertInto('orders')
      .values({ tenant_id: tenantId, idempotency_key: order.idempotencyKey, request_hash: order.requestHash })
      .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!claimed) {
      const existing = await scope
        .selectFrom('orders')
        .where('idempotency_key', '=', order.idempotencyKey)
        .select(['request_hash', 'status', 'response'])
        .executeTakeFirstOrThrow();
      return { created: false, existing };
    }
    const orderId = claimed.id;
    await step('order');

    const customerNumber = String(await nextNumber(trx, tenantId, 'customer'));
    const { id: customerId } = await scope
      .insertInto('customers', {
        customer_number: customerNumber,
        company: customer.company ?? null,
        first_name: customer.firstName ?? null,
        last_name: customer.lastName ?? null,
        email: customer.email!,
        street: customer.street ?? null,
        house_number: customer.houseNumber ?? null,
        postal_code: customer.postalCode ?? null,
        city: customer.city ?? null,
        country: customer.country ?? null,
        phone: customer.phone ?? null,
        vat_id: customer.vatId ?? null,
        language: order.language,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: personId } = await scope
      .insertInto('persons', {
        customer_id: customerId,
        email: customer.email!,
        first_name: customer.firstName ?? null,
        last_name: customer.lastName ?? null,
        phone: customer.phone ?? null,
        role: 'owner',
        permissions: OWNER_PERMISSIONS,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await step('customer');

    const contractNumber = String(await nextNumber(trx, tenantId, 'contract'));
    const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ');
    const mandate = {
      mandateReference: mandateReference(customerNumber, contractNumber),
      creditor: sepaCreditor(signup.tenant.name, signup.settings, order.language),
    };
    const { paymentMethodId } = await insertPaymentMethod(scope, order.payment, {
      customerId,
      cardHolder: name || null,
      invoiceHolder: customer.company ?? (name || null),
      ...mandate,
    });
    await step('payment');

    const today = ymd(now);
    const variant = signup.variant;
    const trialEnd = priced.price.trialEnd;
    const billingStart = trialEnd ?? today;
    const contract = await scope
      .insertInto('contracts', {
        customer_id: customerId,
        contract_number: contractNumber,
        plan_variant_id: variant.id,
        status: trialEnd ? 'trial' : 'active',
        start_date: today,
        trial_end: trialEnd,
        current_period_start: today,
        current_period_end: trialEnd ? addDays(trialEnd, -1) : periodEnd(today, variant.billingPeriodMonths),
        minimum_term_end: variant.minimumTermMonths > 0 ? periodEnd(billingStart, variant.minimumTermMonths) : null,
        notice_period_days: variant.noticePeriodDays,
        payment_method_id: paymentMethodId,
        coupon_id: priced.coupon?.id ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const contractId = contract.id;
    const subscribed = [
      ...order.components.filter(({ quantity }) => quantity > 0),
      ...signup.usageFees.map((component) => ({ component, quantity: 1 })),
    ];
    if (subscribed.length > 0) {
      await scope
        .insertInto(
          'contract_components',
          subscribed.map(({ component, quantity }) => ({
            contract_id: contractId,
            component_id: component.id,
            quantity,
            started_at: now,
          })),
        )
        .execute();
    }
    if (priced.coupon && !(await redeemCoupon(scope, priced.coupon.id))) {
      throw new HttpError(400, 'invalid_request', 'Please check the highlighted fields.', {
        couponCode: `The coupon code "${priced.coupon.code}" has been used up.`,
      });
    }
    await step('contract');

    const billingAddress: BillingAddress = {
      company: customer.company ?? null,
      firstName: customer.firstName ?? null,
      lastName: customer.lastName ?? null,
      street: customer.street ?? null,
      houseNumber: customer.houseNumber ?? null,
      postalCode: customer.postalCode ?? null,
      city: customer.city ?? null,
      country: customer.country ?? null,
      vatId: customer.vatId ?? null,
      email: customer.email ?? null,
    };
    let invoice: { id: string; number: string } | null = null;
    if (!trialEnd) {
      invoice = await issueInvoice(scope, {
        customerId,
        contractId,
        price: priced.price,
        periodStart: today,
        periodEnd: periodEnd(today, variant.billingPeriodMonths),
        issueDate: today,
        paymentTermDays: signup.settings.invoice.paymentTermDays,
        numberPrefix: signup.settings.invoice.numberPrefix,
        billingAddress,
        language: order.language,
      });
    }
    await step('invoice');

    const terms = signup.settings.signup.terms.filter(
      (term) => term.kind === 'informational' || order.accepted.has(term.key),
    );
    if (terms.length > 0) {
      await scope
        .insertInto(
          'terms_acceptances',
          terms.map((term) => ({
            customer_id: customerId,
            order_id: orderId,
            term_key: term.key,
            text_version: term.textVersion,
            accepted_at: now,
            ip: order.ip,
            user_agent: order.userAgent?.slice(0, 500) ?? null,
          })),
        )
        .execute();
    }
    await step('terms');

    const customerName =
      [customer.firstName, customer.lastName].filter(Boolean).join(' ') || customer.company || customer.email!;
    const documentId = await storeContractDocument(
      scope,
      { customerId, contractId },
      {
        tenantName: signup.tenant.name,
        contractNumber,
        customerNumber,
        customer: {
          name: customerName,
          company: customer.company ?? null,
          addressLines: [
            [customer.street, customer.houseNumber].filter(Boolean).join(' '),
            [customer.postalCode, customer.city].filter(Boolean).join(' '),
          ].filter(Boolean),
          country: customer.country ?? null,
          email: customer.email!,
          vatId: customer.vatId ?? null,
        },
        planName: `${variant.planName} – ${variant.variantName}`,
        startDate: today,
        trialEnd,
        minimumTermEnd: variant.minimumTermMonths > 0 ? periodEnd(billingStart, variant.minimumTermMonths) : null,
        noticePeriodDays: variant.noticePeriodDays,
        billingPeriodMonths: variant.billingPeriodMonths,
        currency: priced.price.currency,
        lines: priced.price.lines,
        discount: priced.price.discount,
        netCents: priced.price.netCents,
        taxRateBasisPoints: priced.price.taxRateBasisPoints,
        taxCents: priced.price.taxCents,
        grossCents: priced.price.grossCents,
        reverseCharge: priced.price.reverseCharge,
        // In the PDF's own language (Arabic, and Czech … without a Unicode font, fall back to English).
        payment: contractPaymentLines(pdfLanguage(order.language), order.payment, mandate),
        // Informational notices are recorded above but were not accepted: the document lists the ticked terms.
        terms: terms
          .filter((term) => term.kind === 'required')
          .map((term) => ({
            key: term.key,
            label: term.label,
            textVersion: term.textVersion,
            acceptedAt: now.toISOString(),
          })),
        language: order.language,
        branding: signup.settings.branding,
      },
    );
    await step('document');

    const result: OrderResult = { orderId, customerId, contractId, contractNumber, invoiceId: invoice?.id ?? null };
    const audit: Array<{ action: string; entity_type: string; entity_id: string; data: Record<string, JsonValue> }> = [
      { action: 'order.created', entity_type: 'order', entity_id: orderId, data: { contractNumber } },
      { action: 'customer.created', entity_type: 'customer', entity_id: customerId, data: { customerNumber } },
      {
        action: 'payment_method.created',
        entity_type: 'payment_method',
        entity_id: paymentMethodId,
        data: { kind: order.payment.kind },
      },
      {
        action: 'contract.created',
        entity_type: 'contract',
        entity_id: contractId,
        data: { contractNumber, planVariantId: variant.id, status: trialEnd ? 'trial' : 'active' },
      },
      ...(invoice
        ? [
            {
              action: 'invoice.created',
              entity_type: 'invoice',
              entity_id: invoice.id,
              data: { number: invoice.number, grossCents: priced.price.grossCents },
            },
          ]
        : []),
      { action: 'document.created', entity_type: 'document', entity_id: documentId, data: { kind: 'contract' } },
    ];
    await scope
      .insertInto(
        'audit_log',
        audit.map((entry) => ({
          ...entry,
          actor_type: 'person' as const,
          actor_id: personId,
          data: { ...entry.data, source: 'signup', ip: order.ip },
        })),
      )
      .execute();
    await step('audit');

    await enqueueConfirmation(trx, order, {
      customerId,
      personId,
      contractId,
      contractNumber,
      customerNumber,
      documentId,
      invoiceNumber: invoice?.number ?? null,
      invoiceId: invoice?.id ?? null,
    });
    await step('email');

    await scope
      .updateTable('orders')
      .set({ status: 'completed', customer_id: customerId, contract_id: contractId, response: JSON.stringify(result) })
      .where('id', '=', orderId)
      .execute();
    return { created: true, result };
  });
}

/**
 * The confirmation e-mail. Self-service tokens are short-lived but the mail is read later, so its portal link is
 * issued here with the tenant's *maximum* token lifetime (at most 7 days); the mail says until when it works and
 * the portal page lets the customer request a fresh link after that.
 */
async function enqueueConfirmation(
  trx: Kysely<DB>,
  order: NewOrder,
  ids: {
    customerId: string;
    personId: string;
    contractId: string;
    contractNumber: string;
    customerNumber: string;
    documentId: string;
    invoiceNumber: string | null;
    invoiceId: string | null;
  },
): Promise<void> {
  const { signup } = order;
  const link = await createSelfServiceLink(trx, {
    tenantId: signup.tenant.id,
    contractId: ids.contractId,
    personId: ids.personId,
    language: order.language,
    lifetimeSeconds: Math.max(60, Math.min(signup.settings.selfService.maxTokenLifetimeSeconds, 7 * 24 * 3600)),
  });
  const expires = new Intl.DateTimeFormat(order.language, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(link.expiresAt));
  const trialEnd = order.priced.price.trialEnd;
  const note = trialEnd
    ? t(order.language, 'email.orderConfirmation.trialNote', { TrialEnd: formatDate(order.language, trialEnd) })
    : ids.invoiceNumber
      ? t(order.language, 'email.orderConfirmation.invoiceNote', { InvoiceNumber: ids.invoiceNumber })
      : '';
  const mail = renderEmail(signup.settings, 'orderConfirmation', order.language, {
    CompanyName: signup.tenant.name,
    // The owner by name; the greeting does without one (a company signup may give none).
    CustomerName: [order.customer.firstName, order.customer.lastName].filter(Boolean).join(' '),
    CustomerNumber: ids.customerNumber,
    ContractNumber: ids.contractNumber,
    PlanName: `${signup.variant.planName} – ${signup.variant.variantName}`,
    TrialNote: note,
    SelfServicePortalUrl: link.url,
    PortalLinkExpires: `${expires} UTC`,
  });
  await enqueueEmail(trx, signup.tenant.id, {
    to: order.customer.email!,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    attachments: [
      { filename: `contract-${ids.contractNumber}.pdf`, contentType: 'application/pdf', documentId: ids.documentId },
      ...(ids.invoiceId && ids.invoiceNumber
        ? [
            {
              filename: `${ids.invoiceNumber.replace(/[^\w.-]/g, '_')}.pdf`,
              contentType: 'application/pdf',
              invoiceId: ids.invoiceId,
            },
          ]
        : []),
    ],
  });
}
