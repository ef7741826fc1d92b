import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { PERSON_PERMISSIONS, type CustomerInput, type OrderResult } from '@portico/core';
import { createSelfServiceLink } from '../access/links.ts';
import { redeemCoupon } from '../billing/coupons.ts';
import { addDays, ymd } from '../contracts/dates.ts';
import { periodEnd } from '../contracts/periods.ts';
import { invoiceNumber, invoiceRows } from '../billing/invoice.ts';
import { customerColumns } from '../customers/fields.ts';
import { eventRows } from '../webhooks/events.ts';
import type { BillingAddress, Component, DB, JsonValue, TenantSettings } from '../db/schema.ts';
import { getTenantSettings, nextNumbers, scoped, type TableRows } from '../db/tenant.ts';
import { renderContractPdf, storeContractDocument, type ContractDocumentData } from '../documents/contract-pdf.ts';
import { pdfLanguage } from '../documents/pdf.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { renderEmail } from '../email/templates.ts';
import { HttpError } from '../http/errors.ts';
import { formatDate } from '../i18n/format.ts';
import { t } from '../i18n/translate.ts';
import { mandateReference, sepaCreditor } from '../payments/sepa.ts';
import { contractPaymentLines, paymentMethodRow, type NewPaymentMethod } from '../payments/store.ts';
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

export interface OrderRecord {
  request_hash: string;
  status: string;
  response: JsonValue | null;
}

export type OrderOutcome = { created: true; result: OrderResult } | { created: false; existing: OrderRecord };

/** What an order keeps in `orders.document_input` while `documenting`: all its second transaction needs. */
export interface OrderDocumentInput {
  result: OrderResult;
  document: ContractDocumentData;
  confirmation: Confirmation;
}

interface Confirmation {
  personId: string;
  to: string;
  language: string;
  ip: string | null;
  customerName: string;
  customerNumber: string;
  planName: string;
  trialEnd: string | null;
  invoiceNumber: string | null;
}

/**
 * Test seams; production code never sets them. `afterStep` is called after each step (inside the first transaction:
 * order, numbers, rows; after its commit: placed; after the PDF: rendered; inside the second: document, email; after
 * its commit: completed): a test makes a step throw to prove what a crash
 * there leaves. `aroundRender` wraps the contract PDF's rendering, so a test can look at the database while it runs.
 */
export const orderTestHooks: {
  afterStep?: (step: string) => void | Promise<void>;
  aroundRender?: (render: () => Promise<Buffer>) => Promise<Buffer>;
} = {};

const step = async (name: string) => orderTestHooks.afterStep?.(name);

const OWNER_PERMISSIONS = [...PERSON_PERMISSIONS];

/** Runs `run` in a transaction of its own, or inside the caller's when `db` is one (the demo seed's). */
function inTransaction<T>(db: Kysely<DB>, run: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/**
 * Places an order and answers it; its contract document and confirmation e-mail are made afterwards, by the
 * background worker:
 *
 * 1. One transaction: the order row (claiming the idempotency key first, so a concurrent duplicate waits on the
 *    unique key and then finds the placed order), coupon redemption, then customer, owner, payment method, contract
 *    with components, first invoice (unless in trial), terms acceptances and their audit entries; the order commits as
 *    `documenting`, with its answer in `response` (a retry with the same key is answered at once) and the PDF's and
 *    the e-mail's data in `document_input`. Every gapless number is taken here, so a crash before this commits gives
 *    them all back and nothing after it needs one.
 * 2. The worker (`finishDocumentingOrders`, each round of the e-mail worker) claims the order with a lease, renders
 *    the contract PDF with no connection held, then in one short transaction stores the document, writes its audit
 *    entry, queues the confirmation e-mail with the document attached and marks the order `completed`
 *    (`completeOrder`). The e-mail is queued only once its attachment exists.
 *
 * An order whose worker died stays `documenting` with a lease that runs out; the next worker pass takes it again.
 * Inside a caller's transaction (the demo seed's) the order is finished there and then, in that transaction.
 */
export async function createOrder(db: Kysely<DB>, order: NewOrder): Promise<OrderOutcome> {
  const tenantId = order.signup.tenant.id;
  const placed = await placeOrder(db, order);
  if ('existing' in placed) return { created: false, existing: placed.existing };
  await step('placed');
  if (db.isTransaction) await completeOrder(db, tenantId, placed.orderId, placed.input, order.signup.settings);
  return { created: true, result: placed.input.result };
}

type Placed = { orderId: string; input: OrderDocumentInput } | { orderId: string; existing: OrderRecord };

/**
 * Step 1 of `createOrder`: everything but the document and the e-mail, committed as `documenting`, in four
 * statements: the order claimed, the coupon redeemed (if any), the numbers taken, then every row written in one
 * statement (`withInserts`, ids made here) that also stores the order's answer. The gapless numbers are taken last
 * because their rows stay locked until commit, and every other order of the tenant waits for them: the lock is held
 * for one statement and the commit.
 */
async function placeOrder(db: Kysely<DB>, order: NewOrder): Promise<Placed> {
  const { signup, priced } = order;
  const tenantId = signup.tenant.id;
  return inTransaction(db, async (trx): Promise<Placed> => {
    const scope = scoped(trx, tenantId);
    const claimed = await trx
      .insertInto('orders')
      .values({ tenant_id: tenantId, idempotency_key: order.idempotencyKey, request_hash: order.requestHash })
      .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!claimed) {
      const { id, ...existing } = await scope
        .selectFrom('orders')
        .where('idempotency_key', '=', order.idempotencyKey)
        .select(['id', 'request_hash', 'status', 'response'])
        .executeTakeFirstOrThrow();
      return { orderId: id, existing };
    }
    const orderId = claimed.id;
    await step('order');

    if (priced.coupon && !(await redeemCoupon(scope, priced.coupon.id))) {
      throw new HttpError(400, 'invalid_request', 'Please check the highlighted fields.', {
        couponCode: `The coupon code "${priced.coupon.code}" has been used up.`,
      });
    }
    const trialEnd = priced.price.trialEnd;
    const numbers = await nextNumbers(
      trx,
      tenantId,
      trialEnd ? ['customer', 'contract'] : ['customer', 'contract', 'invoice'],
    );
    await step('numbers');

    const placed = orderRows(order, orderId, numbers);
    await scope
      .withInserts(placed.rows)
      .updateTable('orders')
      .set({
        status: 'documenting',
        customer_id: placed.input.result.customerId,
        contract_id: placed.input.result.contractId,
        response: JSON.stringify(placed.input.result),
        document_input: JSON.stringify(placed.input),
      })
      .where('id', '=', orderId)
      .execute();
    await step('rows');
    return { orderId, input: placed.input };
  });
}

/**
 * The rows an order writes — customer, owner, payment method, contract with its components, first invoice (unless
 * in trial) with its lines, terms acceptances and audit entries — and what its document step needs, from the order
 * and its numbers. Pure: `placeOrder` writes them in one statement.
 */
function orderRows(
  order: NewOrder,
  orderId: string,
  numbers: { customer: number; contract: number; invoice?: number },
): { rows: TableRows[]; input: OrderDocumentInput } {
  const { signup, priced, customer, now } = order;
  const customerNumber = String(numbers.customer);
  const contractNumber = String(numbers.contract);
  const [customerId, personId, paymentMethodId, contractId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const rows: TableRows[] = [
    {
      table: 'customers',
      rows: [
        {
          id: customerId,
          customer_number: customerNumber,
          ...customerColumns(customer),
          email: customer.email!,
          language: order.language,
        },
      ],
    },
    {
      table: 'persons',
      rows: [
        {
          id: personId,
          customer_id: customerId,
          email: customer.email!,
          first_name: customer.firstName ?? null,
          last_name: customer.lastName ?? null,
          phone: customer.phone ?? null,
          role: 'owner',
          permissions: OWNER_PERMISSIONS,
        },
      ],
    },
  ];

  const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ');
  const mandate = {
    mandateReference: mandateReference(customerNumber, contractNumber),
    creditor: sepaCreditor(signup.tenant.name, signup.settings, order.language),
  };
  rows.push({
    table: 'payment_methods',
    rows: [
      {
        id: paymentMethodId,
        ...paymentMethodRow(order.payment, {
          customerId,
          cardHolder: name || null,
          invoiceHolder: customer.company ?? (name || null),
          ...mandate,
        }),
      },
    ],
  });

  const today = ymd(now);
  const variant = signup.variant;
  const trialEnd = priced.price.trialEnd;
  const billingStart = trialEnd ?? today;
  const minimumTermEnd = variant.minimumTermMonths > 0 ? periodEnd(billingStart, variant.minimumTermMonths) : null;
  rows.push({
    table: 'contracts',
    rows: [
      {
        id: contractId,
        customer_id: customerId,
        contract_number: contractNumber,
        plan_variant_id: variant.id,
        status: trialEnd ? 'trial' : 'active',
        start_date: today,
        trial_end: trialEnd,
        current_period_start: today,
        current_period_end: trialEnd ? addDays(trialEnd, -1) : periodEnd(today, variant.billingPeriodMonths),
        minimum_term_end: minimumTermEnd,
        notice_period_days: variant.noticePeriodDays,
        payment_method_id: paymentMethodId,
        coupon_id: priced.coupon?.id ?? null,
      },
    ],
  });
  const subscribed = [
    ...order.components.filter(({ quantity }) => quantity > 0),
    ...signup.usageFees.map((component) => ({ component, quantity: 1 })),
  ];
  if (subscribed.length > 0) {
    rows.push({
      table: 'contract_components',
      rows: subscribed.map(({ component, quantity }) => ({
        contract_id: contractId,
        component_id: component.id,
        quantity,
        started_at: now,
      })),
    });
  }

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
    if (numbers.invoice === undefined) throw new Error('an order out of trial needs an invoice number');
    invoice = { id: randomUUID(), number: invoiceNumber(signup.settings.invoice.numberPrefix, numbers.invoice) };
    const invoiceInput = {
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
    };
    const issued = invoiceRows(invoiceInput, invoice);
    rows.push({ table: 'invoices', rows: [issued.invoice] });
    if (issued.lines.length > 0) rows.push({ table: 'invoice_lines', rows: issued.lines });
  }

  const terms = signup.settings.signup.terms.filter(
    (term) => term.kind === 'informational' || order.accepted.has(term.key),
  );
  if (terms.length > 0) {
    rows.push({
      table: 'terms_acceptances',
      rows: terms.map((term) => ({
        customer_id: customerId,
        order_id: orderId,
        term_key: term.key,
        text_version: term.textVersion,
        accepted_at: now,
        ip: order.ip,
        user_agent: order.userAgent?.slice(0, 500) ?? null,
      })),
    });
  }

  const customerName =
    [customer.firstName, customer.lastName].filter(Boolean).join(' ') || customer.company || customer.email!;
  const document: ContractDocumentData = {
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
    minimumTermEnd,
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
  };

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
  ];
  rows.push({
    table: 'audit_log',
    rows: audit.map((entry) => ({
      ...entry,
      actor_type: 'person' as const,
      actor_id: personId,
      data: { ...entry.data, source: 'signup', ip: order.ip },
    })),
  });
  rows.push(
    eventRows([
      { type: 'customer.created', data: { customerId, customerNumber, source: 'signup' } },
      {
        type: 'contract.created',
        data: {
          contractId,
          contractNumber,
          customerId,
          planVariantId: variant.id,
          status: trialEnd ? 'trial' : 'active',
        },
      },
      ...(invoice
        ? [
            {
              type: 'invoice.issued' as const,
              data: {
                invoiceId: invoice.id,
                number: invoice.number,
                contractId,
                customerId,
                grossCents: priced.price.grossCents,
              },
            },
          ]
        : []),
      { type: 'order.completed', data: { ...result } },
    ]),
  );

  const input: OrderDocumentInput = {
    result,
    document,
    confirmation: {
      personId,
      to: customer.email!,
      language: order.language,
      ip: order.ip,
      // The owner by name; the greeting does without one (a company signup may give none).
      customerName: [order.customer.firstName, order.customer.lastName].filter(Boolean).join(' '),
      customerNumber,
      planName: `${variant.planName} – ${variant.variantName}`,
      trialEnd,
      invoiceNumber: invoice?.number ?? null,
    },
  };
  return { rows, input };
}

/**
 * Step 2 of `createOrder`: the PDF rendered with no connection held, then one short transaction that claims the
 * `documenting` order (so of two finishers — a worker whose lease ran out while it rendered and the one that took
 * the order over — only one stores), stores the document, writes its audit entry, queues the e-mail and marks the
 * order `completed`.
 */
async function completeOrder(
  db: Kysely<DB>,
  tenantId: string,
  orderId: string,
  input: OrderDocumentInput,
  settings?: TenantSettings,
): Promise<boolean> {
  const render = () => renderContractPdf(input.document);
  const pdf = await (orderTestHooks.aroundRender ? orderTestHooks.aroundRender(render) : render());
  await step('rendered');
  const { result, confirmation } = input;
  const stored = await inTransaction(db, async (trx) => {
    const scope = scoped(trx, tenantId);
    const claimed = await scope
      .updateTable('orders')
      .set({ status: 'completed', response: JSON.stringify(result), document_input: null, document_lease_until: null })
      .where('id', '=', orderId)
      .where('status', '=', 'documenting')
      .returning('id')
      .executeTakeFirst();
    if (!claimed) return false;
    const ids = { customerId: result.customerId, contractId: result.contractId };
    const documentId = await storeContractDocument(scope, ids, result.contractNumber, pdf);
    await scope
      .insertInto('audit_log', {
        action: 'document.created',
        entity_type: 'document',
        entity_id: documentId,
        actor_type: 'person',
        actor_id: confirmation.personId,
        data: { kind: 'contract', source: 'signup', ip: confirmation.ip },
      })
      .execute();
    await step('document');
    const tenantSettings = settings ?? (await getTenantSettings(trx, tenantId));
    if (!tenantSettings) throw new Error(`tenant ${tenantId} has no settings`);
    await enqueueConfirmation(trx, tenantId, input.document.tenantName, tenantSettings, {
      ...confirmation,
      ...ids,
      contractNumber: result.contractNumber,
      documentId,
      invoiceId: result.invoiceId,
    });
    await step('email');
    return true;
  });
  await step('completed');
  return stored;
}

/** How long a worker holds a `documenting` order it claimed; rendering one takes well under a second. */
export const DOCUMENT_LEASE_SECONDS = 60;

/** "Now" for a query: the worker's clock when it has one, else the database's. */
function nowOf(clock: (() => Date) | undefined) {
  return clock ? sql<Date>`${clock().toISOString()}::timestamptz` : sql<Date>`now()`;
}

/**
 * Claims up to `limit` `documenting` orders of every tenant that no live worker holds (`FOR UPDATE SKIP LOCKED`, so
 * two workers never claim the same order; a lease that ran out belongs to a worker that died) and gives each a lease
 * of `DOCUMENT_LEASE_SECONDS`.
 */
async function claimDocumenting(db: Kysely<DB>, limit: number, clock?: () => Date) {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('orders')
      .where('status', '=', 'documenting')
      .where((eb) => eb.or([eb('document_lease_until', 'is', null), eb('document_lease_until', '<=', nowOf(clock))]))
      .orderBy('created_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .select(['id', 'tenant_id', 'document_input'])
      .execute();
    for (const row of rows) {
      await scoped(trx, row.tenant_id)
        .updateTable('orders')
        .set({ document_lease_until: sql<Date>`${nowOf(clock)} + make_interval(secs => ${DOCUMENT_LEASE_SECONDS})` })
        .where('id', '=', row.id)
        .execute();
    }
    return rows;
  });
}

/**
 * The worker's document step: makes the contract document and queues the confirmation e-mail of every `documenting`
 * order it can claim, `limit` at a time, until none is left. Returns how many it finished. One order's failure is
 * logged and the rest go on; the failed order keeps its lease, so it is tried again once the lease has run out.
 * The e-mail worker runs it at the start of each round (`email/worker.ts`).
 */
export async function finishDocumentingOrders(
  db: Kysely<DB>,
  options: { limit?: number; clock?: () => Date; logger?: { error(data: object, message: string): void } } = {},
): Promise<number> {
  const { limit = 20 } = options;
  let finished = 0;
  for (;;) {
    const claimed = await claimDocumenting(db, limit, options.clock);
    for (const order of claimed) {
      try {
        if (!order.document_input) throw new Error('documenting order without document_input');
        const input = order.document_input as unknown as OrderDocumentInput;
        // The settings from the instance's read cache, outside the transaction (where it would read them again).
        const settings = await getTenantSettings(db, order.tenant_id);
        if (await completeOrder(db, order.tenant_id, order.id, input, settings)) finished += 1;
      } catch (error) {
        options.logger?.error({ err: error, orderId: order.id }, 'finishing a documenting order failed');
      }
    }
    if (claimed.length < limit) return finished;
  }
}

/**
 * The confirmation e-mail. Self-service tokens are short-lived but the mail is read later, so its portal link is
 * issued here with the tenant's *maximum* token lifetime (at most 7 days); the mail says until when it works and
 * the portal page lets the customer request a fresh link after that.
 */
async function enqueueConfirmation(
  trx: Kysely<DB>,
  tenantId: string,
  tenantName: string,
  settings: TenantSettings,
  mail: Confirmation & {
    customerId: string;
    contractId: string;
    contractNumber: string;
    documentId: string;
    invoiceId: string | null;
  },
): Promise<void> {
  const { language } = mail;
  const link = await createSelfServiceLink(trx, {
    tenantId,
    contractId: mail.contractId,
    personId: mail.personId,
    language,
    lifetimeSeconds: Math.max(60, Math.min(settings.selfService.maxTokenLifetimeSeconds, 7 * 24 * 3600)),
    // A new customer: its owner, with every permission an owner has, and this one contract.
    known: {
      settings,
      person: {
        personId: mail.personId,
        customerId: mail.customerId,
        permissions: OWNER_PERMISSIONS,
        contractIds: [mail.contractId],
        customerLanguage: language,
      },
    },
  });
  const expires = new Intl.DateTimeFormat(language, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(link.expiresAt));
  const note = mail.trialEnd
    ? t(language, 'email.orderConfirmation.trialNote', { TrialEnd: formatDate(language, mail.trialEnd) })
    : mail.invoiceNumber
      ? t(language, 'email.orderConfirmation.invoiceNote', { InvoiceNumber: mail.invoiceNumber })
      : '';
  const rendered = renderEmail(settings, 'orderConfirmation', language, {
    CompanyName: tenantName,
    CustomerName: mail.customerName,
    CustomerNumber: mail.customerNumber,
    ContractNumber: mail.contractNumber,
    PlanName: mail.planName,
    TrialNote: note,
    SelfServicePortalUrl: link.url,
    PortalLinkExpires: `${expires} UTC`,
  });
  await enqueueEmail(trx, tenantId, {
    to: mail.to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    attachments: [
      { filename: `contract-${mail.contractNumber}.pdf`, contentType: 'application/pdf', documentId: mail.documentId },
      ...(mail.invoiceId && mail.invoiceNumber
        ? [
            {
              filename: `${mail.invoiceNumber.replace(/[^\w.-]/g, '_')}.pdf`,
              contentType: 'application/pdf',
              invoiceId: mail.invoiceId,
            },
          ]
        : []),
    ],
  });
}
