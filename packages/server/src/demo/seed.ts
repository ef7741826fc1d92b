import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { createSigningKey } from '../access/keys.ts';
import { addDays, addMonths, ymd } from '../contracts/dates.ts';
import { runBilling } from '../billing/recurring.ts';
import type { Component, DB } from '../db/schema.ts';
import { getTenantSettings, scoped, storedTenantSettings, type TenantScope } from '../db/tenant.ts';
import { sepaCreditor } from '../payments/sepa.ts';
import { insertPaymentMethod, type NewPaymentMethod } from '../payments/store.ts';
import { loadSignupContext } from '../signup/context.ts';
import { createOrder } from '../signup/create-order.ts';
import { priceDraft } from '../signup/pricing.ts';
import { creditInvoiceLines } from './credit-note.ts';
import {
  COMPONENTS,
  COUPONS,
  CUSTOMERS,
  DEMO_TENANT,
  DEMO_TENANT_ID,
  FAMILY,
  NUMBER_STARTS,
  PLANS,
  USER_AGENT,
  VARIANTS,
  demoSettings,
  type ComponentKey,
  type DemoCustomer,
  type DemoPayment,
  type PlanKey,
  type VariantKey,
} from './data.ts';
import { demoUsage, recordUsage, type UsageSource } from './usage.ts';

export { DEMO_TENANT_ID, demoSettings };

/**
 * Seeds the demo tenant "Northwind Cloud" (`data.ts`) by living through its history with the product's own code:
 * each customer signs up on its day through the signup's order path (`createOrder`: customer, owner, payment method,
 * contract, first invoice, contract PDF, e-mail), usage is recorded through `recordUsage` (hourly records in the
 * last two months, daily totals before), and the billing run of every day issues the invoices (`runBilling`: prices,
 * tax, metered usage, numbers), so the demo cannot disagree with billing.
 * A few things Portico has no domain function for yet are written here and kept small: the catalog, the persons an
 * owner added, a replaced payment method, a cancellation, credit notes and which invoices got paid.
 *
 * Deterministic for a given `now` (timestamps of the story are set to its days; only random ids, tokens, keys and
 * PDF creation dates differ). Idempotent: does nothing when the tenant exists, also when two instances race, since
 * the tenant row is inserted (ON CONFLICT DO NOTHING) in the one transaction that seeds it all.
 */
export async function seedDemo(db: Kysely<DB>, options: { now?: Date } = {}): Promise<{ tenantId: 'demo' }> {
  const now = options.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('tenants')
      .values(DEMO_TENANT)
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return;
    await new DemoHistory(trx, now).live();
  });
  return { tenantId: DEMO_TENANT_ID };
}

interface Catalog {
  plans: Record<PlanKey, string>;
  variants: Record<VariantKey, string>;
  components: Record<ComponentKey, string>;
}

interface SignedUp {
  index: number;
  data: DemoCustomer;
  customerId: string;
  contractId: string;
}

class DemoHistory {
  private readonly scope: TenantScope;
  private readonly today: string;
  private catalog!: Catalog;
  private readonly signedUp: SignedUp[] = [];
  private readonly usage: UsageSource[] = [];
  private usageRecordedUntil = new Date(0);

  constructor(
    private readonly trx: Kysely<DB>,
    private readonly now: Date,
  ) {
    this.scope = scoped(trx, DEMO_TENANT_ID);
    this.today = ymd(now);
  }

  async live(): Promise<void> {
    const { scope, today } = this;
    await this.trx
      .insertInto('tenant_settings')
      .values({ tenant_id: DEMO_TENANT_ID, settings: storedTenantSettings(this.trx, DEMO_TENANT_ID, demoSettings()) })
      .execute();
    await createSigningKey(this.trx, DEMO_TENANT_ID);
    await scope
      .insertInto('number_sequences', [
        { kind: 'customer', next_value: NUMBER_STARTS.customer },
        { kind: 'contract', next_value: NUMBER_STARTS.contract },
      ])
      .execute();
    this.catalog = await this.insertCatalog();

    const signups = CUSTOMERS.map((data) => {
      const day = addMonths(addDays(today, -data.signedUp.daysAgo), -data.signedUp.monthsAgo);
      return { data, day, at: new Date(`${day}T09:${String(data.signedUp.minute).padStart(2, '0')}:00Z`) };
    });
    // Day by day, as a daily billing job would see it; on the days it bills something, the usage up to that day is
    // recorded first, so the run bills it. Signups and the customers' doings follow on their own days.
    let due = await this.nextBillingDay();
    const first = signups.map((signup) => signup.day).sort()[0]!;
    for (let day = first; day <= today; day = addDays(day, 1)) {
      let changed = false;
      if (due !== null && due <= day) {
        await this.recordUsage(new Date(`${day}T00:00:00Z`));
        const run = await runBilling(this.trx, DEMO_TENANT_ID, day);
        if (run.length > 0) await this.backdate(new Date(`${day}T02:00:00Z`));
        changed = true;
      }
      for (const [index, signup] of signups.entries()) {
        if (signup.day !== day) continue;
        await this.signUp(index, signup.data, signup.at);
        changed = true;
      }
      for (const customer of this.signedUp) changed = (await this.storyOf(customer, day)) || changed;
      if (changed) due = await this.nextBillingDay();
    }
    await this.recordUsage(new Date(this.now.getTime() + 1));
    await this.creditNotes();
    await this.settle();
  }

  private async insertCatalog(): Promise<Catalog> {
    const { scope, now } = this;
    const family = await scope.insertInto('product_families', FAMILY).returning('id').executeTakeFirstOrThrow();
    const plans = await scope
      .insertInto(
        'plans',
        PLANS.map((plan, position) => ({
          family_id: family.id,
          name: plan.name,
          description: plan.description,
          position,
          i18n: plan.i18n,
        })),
      )
      .returning('id')
      .execute();
    const planId = Object.fromEntries(PLANS.map((plan, i) => [plan.key, plans[i]!.id])) as Record<PlanKey, string>;
    const variants = await scope
      .insertInto(
        'plan_variants',
        VARIANTS.map((v, position) => ({
          plan_id: planId[v.plan],
          name: v.name,
          billing_period_months: v.months,
          price_cents: v.price,
          currency: DEMO_TENANT.currency,
          trial_days: v.trialDays,
          minimum_term_months: v.minimumTermMonths,
          notice_period_days: v.noticeDays,
          allow_signup: true,
          position,
          i18n: v.i18n,
        })),
      )
      .returning('id')
      .execute();
    const components = await scope
      .insertInto(
        'components',
        COMPONENTS.map((c, position) => ({
          family_id: family.id,
          kind: c.kind,
          name: c.name,
          description: c.description,
          unit: c.unit,
          unit_price_cents: c.price,
          price_per_units: c.perUnits,
          min_quantity: c.min,
          max_quantity: c.max,
          default_quantity: 0,
          show_in_signup: c.inSignup,
          show_as_pricing_info: c.pricingInfo,
          position,
          i18n: c.i18n,
        })),
      )
      .returning('id')
      .execute();
    await scope
      .insertInto(
        'coupons',
        COUPONS.map((coupon) => ({
          code: coupon.code,
          kind: coupon.kind,
          percent: coupon.percent,
          amount_cents: coupon.amountCents,
          valid_from: atDays(now, coupon.validFromDays),
          valid_until: coupon.validUntilDays === null ? null : atDays(now, coupon.validUntilDays),
          max_redemptions: coupon.maxRedemptions,
          redemptions: coupon.redemptions,
          plan_ids: coupon.plans?.map((plan) => planId[plan]) ?? null,
          duration_months: coupon.durationMonths,
        })),
      )
      .execute();
    return {
      plans: planId,
      variants: Object.fromEntries(VARIANTS.map((v, i) => [v.key, variants[i]!.id])) as Record<VariantKey, string>,
      components: Object.fromEntries(COMPONENTS.map((c, i) => [c.key, components[i]!.id])) as Record<
        ComponentKey,
        string
      >,
    };
  }

  /** The signup's order path, as `POST /api/signup/{tenant}/orders` takes it after checking the form. */
  private async signUp(index: number, data: DemoCustomer, at: Date): Promise<void> {
    const { trx, catalog } = this;
    const signup = await loadSignupContext(trx, DEMO_TENANT_ID, catalog.variants[data.variant], data.language);
    const components = Object.entries(data.components).map(([key, quantity]) => {
      const component: Component | undefined = signup.components.get(catalog.components[key as ComponentKey]);
      if (!component) throw new Error(`the demo signup form has no component ${key}`);
      return { component, quantity };
    });
    const priced = await priceDraft(trx, signup, { components, customer: data.customer }, at);
    const outcome = await createOrder(trx, {
      signup,
      idempotencyKey: `demo-signup-${data.number}`,
      requestHash: createHash('sha256').update(JSON.stringify(data)).digest('hex'),
      customer: data.customer,
      components,
      priced,
      accepted: new Set(signup.settings.signup.terms.filter((t) => t.kind === 'required').map((t) => t.key)),
      payment: this.newPaymentMethod(data.payment, data.number),
      language: data.language,
      ip: data.ip,
      userAgent: USER_AGENT,
      now: at,
    });
    if (!outcome.created) throw new Error(`the demo signup of customer ${data.number} was made before`);
    const { customerId, contractId } = outcome.result;
    const number = await this.scope
      .selectFrom('customers')
      .where('id', '=', customerId)
      .select('customer_number')
      .executeTakeFirstOrThrow();
    if (number.customer_number !== data.number) {
      throw new Error(`the demo signups are out of order: ${data.number} got number ${number.customer_number}`);
    }
    if (data.persons.length > 0) {
      await this.scope
        .insertInto(
          'persons',
          data.persons.map((person) => ({
            customer_id: customerId,
            email: person.email,
            first_name: person.firstName,
            last_name: person.lastName,
            role: person.role,
            permissions: person.permissions,
          })),
        )
        .execute();
    }
    await this.backdate(at);
    this.signedUp.push({ index, data, customerId, contractId });
    if (data.usage) {
      this.usage.push({
        index,
        contractId,
        since: at,
        api: catalog.components.api,
        docs: catalog.components.docs,
      });
    }
  }

  private newPaymentMethod(payment: DemoPayment, customerNumber: string): NewPaymentMethod {
    if (payment.kind !== 'card') return payment;
    return {
      kind: 'card',
      // What the sandbox provider stores for a redeemed card token.
      card: {
        provider: 'sandbox',
        providerToken: `sandbox_pm_demo_${customerNumber}`,
        brand: payment.brand,
        last4: payment.last4,
        expMonth: payment.expMonth,
        expYear: this.now.getUTCFullYear() + payment.expiresInYears,
      },
    };
  }

  /** What the customer did on `day` besides signing up (the portal's writes, which have no domain function yet). */
  private async storyOf({ data, customerId, contractId }: SignedUp, day: string): Promise<boolean> {
    const { scope } = this;
    let changed = false;
    const replaced = data.replacedPayment;
    if (replaced && day === addDays(this.today, -replaced.daysAgo)) {
      const at = new Date(`${day}T10:00:00Z`);
      const settings = (await getTenantSettings(this.trx, DEMO_TENANT_ID))!;
      const { paymentMethodId } = await insertPaymentMethod(
        scope,
        this.newPaymentMethod(replaced.payment, data.number),
        {
          customerId,
          cardHolder: null,
          invoiceHolder: null,
          mandateReference: replaced.mandateReference,
          creditor: sepaCreditor(DEMO_TENANT.name, settings, data.language),
        },
      );
      await scope
        .updateTable('payment_methods')
        .set({ status: 'replaced', replaced_at: at })
        .where('customer_id', '=', customerId)
        .where('id', '!=', paymentMethodId)
        .execute();
      await scope
        .updateTable('contracts')
        .set({ payment_method_id: paymentMethodId, version: sql<number>`version + 1`, updated_at: at })
        .where('id', '=', contractId)
        .execute();
      await this.audit('payment_method.replaced', 'payment_method', paymentMethodId, { kind: replaced.payment.kind });
      await this.backdate(at);
      changed = true;
    }
    const cancelled = data.cancelled;
    if (cancelled && day === addDays(this.today, -cancelled.daysAgo)) {
      const at = new Date(`${day}T10:00:00Z`);
      const contract = await scope
        .selectFrom('contracts')
        .where('id', '=', contractId)
        .select(['status', 'current_period_end'])
        .executeTakeFirstOrThrow();
      await scope
        .updateTable('contracts')
        .set({
          status: 'ending',
          end_date: contract.current_period_end,
          cancelled_at: at,
          cancellation_reason: cancelled.reason,
          version: sql<number>`version + 1`,
          updated_at: at,
        })
        .where('id', '=', contractId)
        .execute();
      await this.audit('contract.cancelled', 'contract', contractId, {
        endDate: contract.current_period_end,
        reason: cancelled.reason,
        previousStatus: contract.status,
      });
      await this.backdate(at);
      changed = true;
    }
    return changed;
  }

  /** The first day a billing run has something to bill: the day after a current period or an end date. */
  private async nextBillingDay(): Promise<string | null> {
    const row = await this.scope
      .selectFrom('contracts')
      .where('status', 'in', ['trial', 'active', 'ending'])
      .select(sql<string | null>`min(least(current_period_end, coalesce(end_date, current_period_end)))`.as('last'))
      .executeTakeFirst();
    return row?.last ? addDays(row.last, 1) : null;
  }

  /** The usage of every contract with usage from where the last call stopped until `to`, through the write path. */
  private async recordUsage(to: Date): Promise<void> {
    const from = this.usageRecordedUntil;
    if (from >= to) return;
    // Hour by hour in the previous and the current month; daily totals before.
    const detailFrom = new Date(`${addMonths(this.today, -1).slice(0, 7)}-01T00:00:00Z`);
    const records = this.usage.flatMap((source) => demoUsage(source, from, to, detailFrom));
    if (records.length > 0) await recordUsage(this.scope, records);
    this.usageRecordedUntil = to;
  }

  /** Credit notes five days after the invoice they correct, in the customer's language, numbered in date order. */
  private async creditNotes(): Promise<void> {
    const settings = (await getTenantSettings(this.trx, DEMO_TENANT_ID))!;
    const notes: Array<{ invoiceId: string; componentId?: string; reason: string; issueDate: string }> = [];
    for (const { data, contractId } of this.signedUp) {
      const credit = data.creditNote;
      if (!credit) continue;
      const componentId = credit.component && this.catalog.components[credit.component];
      let query = this.scope
        .selectFrom('invoices')
        .where('invoices.contract_id', '=', contractId)
        .where('invoices.kind', '=', 'invoice');
      if (componentId) {
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('invoice_lines')
              .whereRef('invoice_lines.tenant_id', '=', 'invoices.tenant_id')
              .whereRef('invoice_lines.invoice_id', '=', 'invoices.id')
              .where('invoice_lines.component_id', '=', componentId)
              .select('invoice_lines.id'),
          ),
        );
      }
      const invoice = await query
        .select(['invoices.id', 'invoices.issue_date'])
        .orderBy('invoices.issue_date')
        .orderBy('invoices.number')
        .executeTakeFirst();
      const issueDate = invoice && addDays(invoice.issue_date, 5);
      if (!invoice || !issueDate || issueDate > this.today) continue;
      notes.push({
        invoiceId: invoice.id,
        ...(componentId ? { componentId } : {}),
        reason: data.language === 'de' ? credit.wording.de : credit.wording.en,
        issueDate,
      });
    }
    notes.sort((a, b) => a.issueDate.localeCompare(b.issueDate));
    for (const note of notes) {
      await creditInvoiceLines(this.scope, {
        ...note,
        prefix: settings.invoice.creditNotePrefix,
        paymentTermDays: settings.invoice.paymentTermDays,
      });
      await this.backdate(new Date(`${note.issueDate}T10:00:00Z`));
    }
  }

  /**
   * Which invoices got paid (Portico does not collect payments yet): everything three days after its issue date,
   * except each contract's latest invoice while it is not yet due, and a customer's one overdue invoice.
   */
  private async settle(): Promise<void> {
    const invoices = await this.scope
      .selectFrom('invoices')
      .select(['id', 'contract_id', 'kind', 'issue_date', 'due_date'])
      .orderBy('issue_date')
      .orderBy('number')
      .execute();
    for (const { data, contractId } of this.signedUp) {
      const own = invoices.filter((i) => i.contract_id === contractId && i.kind === 'invoice');
      const overdue = data.overdueInvoice === undefined ? null : own[Math.min(data.overdueInvoice, own.length - 2)];
      for (const invoice of own) {
        const due = invoice.due_date ?? invoice.issue_date;
        if (invoice === own.at(-1) && due >= this.today) continue;
        if (invoice === overdue && due < this.today) {
          await this.scope.updateTable('invoices').set({ status: 'overdue' }).where('id', '=', invoice.id).execute();
        } else {
          await this.paid(invoice.id, invoice.issue_date);
        }
      }
    }
    for (const note of invoices.filter((i) => i.kind === 'credit_note')) await this.paid(note.id, note.issue_date);
  }

  private async paid(invoiceId: string, issueDate: string): Promise<void> {
    await this.scope
      .updateTable('invoices')
      .set({ status: 'paid', paid_at: new Date(`${addDays(issueDate, 3)}T00:00:00Z`) })
      .where('id', '=', invoiceId)
      .execute();
  }

  private async audit(action: string, entityType: string, entityId: string, data: object): Promise<void> {
    await this.scope
      .insertInto('audit_log', {
        actor_type: 'person',
        actor_id: null,
        action,
        entity_type: entityType,
        entity_id: entityId,
        data: JSON.stringify({ ...data, source: 'portal' }),
      })
      .execute();
  }

  /**
   * Dates what the last step wrote at `at` instead of the seeding's own time: rows stamped by the database's
   * `now()`, which is the seeding transaction's start, are the ones not dated yet. The step's e-mails went out then.
   */
  private async backdate(at: Date): Promise<void> {
    const stamped = (table: string, columns: string[]) =>
      sql`update ${sql.table(table)} set ${sql.join(
        columns.map(
          (column) =>
            sql`${sql.ref(column)} = case when ${sql.ref(column)} = now() then ${at} else ${sql.ref(column)} end`,
        ),
      )} where tenant_id = ${DEMO_TENANT_ID} and now() in (${sql.join(columns.map((column) => sql.ref(column)))})`;
    const updates = [
      ...['persons', 'payment_methods', 'orders', 'invoices', 'documents', 'audit_log'].map((table) =>
        stamped(table, ['created_at']),
      ),
      stamped('customers', ['created_at', 'updated_at']),
      stamped('contracts', ['created_at', 'updated_at']),
      sql`update email_outbox set status = 'sent', created_at = ${at}, next_attempt_at = ${at}, sent_at = ${at}
        where tenant_id = ${DEMO_TENANT_ID} and status = 'pending'`,
    ];
    // One statement (data-modifying CTEs, each on its own table), not nine.
    await sql`with ${sql.join(
      updates.map((update, i) => sql`${sql.raw(`u${i}`)} as (${update})`),
      sql`, `,
    )} select 1`.execute(this.trx);
  }
}

/** `now` moved by whole days. */
function atDays(now: Date, days: number): Date {
  return new Date(now.getTime() + days * 86_400_000);
}
