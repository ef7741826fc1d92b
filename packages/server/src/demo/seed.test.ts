import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { addDays } from '../contracts/dates.ts';
import { runBilling } from '../billing/recurring.ts';
import { openDatabase, type Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { getTenantSettings, scoped } from '../db/tenant.ts';
import { createFreshPostgresDatabase, describeEachDatabase, openFreshPglite } from '../testing/databases.ts';
import { renderInvoicePdf } from '../documents/invoice-pdf.ts';
import { readPdf } from '../testing/pdf.ts';
import { CUSTOMERS } from './data.ts';
import { seedDemo } from './seed.ts';
import { testSecrets } from '../testing/secrets.ts';

const now = new Date('2026-03-10T12:00:00Z');
const today = '2026-03-10';

/** Every row the demo has, without what is random by nature (ids, tokens, keys, PDF bytes and e-mail bodies). */
async function contentOf(db: Kysely<DB>) {
  const s = scoped(db, 'demo');
  const customerNumber = sql<string>`(select customer_number from customers c where c.tenant_id = t.tenant_id and c.id = t.customer_id)`;
  const contractNumber = sql<string>`(select contract_number from contracts c where c.tenant_id = t.tenant_id and c.id = t.contract_id)`;
  const invoiceNumber = (column: string) =>
    sql<string>`(select number from invoices i where i.tenant_id = t.tenant_id and i.id = ${sql.ref(`t.${column}`)})`;
  const rows = <T>(query: RawBuilder<T>) => query.execute(db).then((result) => result.rows);
  type Row<T> = T & Record<string, unknown>;
  return {
    tenant: await db.selectFrom('tenants').where('id', '=', 'demo').select(['name', 'country', 'currency']).execute(),
    settings: await getTenantSettings(db, 'demo'),
    variants: await s
      .selectFrom('plan_variants')
      .select(['name', 'price_cents', 'position', 'i18n'])
      .orderBy('position')
      .execute(),
    components: await s
      .selectFrom('components')
      .select(['name', 'kind', 'unit_price_cents'])
      .orderBy('position')
      .execute(),
    coupons: await s
      .selectFrom('coupons')
      .select(['code', 'valid_from', 'valid_until', 'redemptions'])
      .orderBy('code')
      .execute(),
    customers: await rows(sql<
      Row<{ customer_number: string; email: string }>
    >`select customer_number, company, email, language, created_at, updated_at, version
      from customers t where tenant_id = 'demo' order by customer_number`),
    persons: await rows(sql<
      Row<{ customer: string; role: string }>
    >`select ${customerNumber} as customer, email, role, permissions, created_at
      from persons t where tenant_id = 'demo' order by 1, email`),
    paymentMethods: await rows(
      sql<
        Row<{ customer: string; kind: string; status: string; mandate_reference: string | null; iban: string | null }>
      >`select ${customerNumber} as customer, kind, status, holder, iban, card_last4,
      mandate_reference, mandate_text, created_at, replaced_at from payment_methods t where tenant_id = 'demo' order by 1, created_at`,
    ),
    contracts: await rows(
      sql<
        Row<{ contract_number: string; customer: string; status: string; current_period_end: string }>
      >`select contract_number, ${customerNumber} as customer, status, start_date, trial_end,
      current_period_start, current_period_end, minimum_term_end, end_date, cancelled_at, cancellation_reason, version,
      created_at, updated_at from contracts t where tenant_id = 'demo' order by contract_number`,
    ),
    contractComponents: await rows(sql`select ${contractNumber} as contract, quantity, started_at
      from contract_components t where tenant_id = 'demo' order by 1, 2, 3`),
    invoices: await rows(
      sql<
        Row<{
          number: string;
          contract: string;
          kind: string;
          status: string;
          issue_date: string;
          gross_cents: number;
          tax_cents: number;
          reverse_charge: boolean;
          corrects: string | null;
        }>
      >`select number, ${contractNumber} as contract, kind, status, issue_date, due_date,
      period_start, period_end, net_cents, tax_cents, gross_cents, tax_rate_basis_points, reverse_charge,
      billing_address, language, paid_at, created_at, ${invoiceNumber('corrects_invoice_id')} as corrects
      from invoices t where tenant_id = 'demo' order by number`,
    ),
    invoiceLines: await rows(sql<
      Row<{ description: string }>
    >`select ${invoiceNumber('invoice_id')} as invoice, position, description, quantity,
      unit_price_cents, amount_cents, period_start, period_end from invoice_lines t where tenant_id = 'demo' order by 1, 2`),
    usage: await rows(sql<
      Row<{ contract: string; day: string; records: number }>
    >`select ${contractNumber} as contract, day, dimension_kind, dimension_value,
      sum(quantity)::float8 as quantity, sum(records)::int as records from usage_daily t where tenant_id = 'demo'
      group by 1, 2, 3, 4, t.component_id order by 1, 2, 3, 4, 5`),
    documents: await rows(sql`select ${contractNumber} as contract, kind, title, created_at
      from documents t where tenant_id = 'demo' order by 1`),
    terms: await rows(sql`select ${customerNumber} as customer, term_key, text_version, accepted_at, ip
      from terms_acceptances t where tenant_id = 'demo' order by 1, 2`),
    audit: await rows(
      sql`select action, entity_type, created_at from audit_log t where tenant_id = 'demo' order by 3, 1, 2`,
    ),
    mails: await rows(sql<Row<{ status: string }>>`select to_address, subject, status, created_at, sent_at
      from email_outbox t where tenant_id = 'demo' order by created_at, to_address, subject`),
    sequences: await s.selectFrom('number_sequences').select(['kind', 'next_value']).orderBy('kind').execute(),
  };
}

/** A second, empty database on the same engine as `database`. */
async function anotherDatabase(database: Database): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (database.kind !== 'postgres') {
    const other = await openFreshPglite();
    return { database: other, drop: () => other.close() };
  }
  const fresh = await createFreshPostgresDatabase();
  const other = await openDatabase({ kind: 'postgres', url: fresh.url }, { secrets: testSecrets() });
  return {
    database: other,
    drop: async () => {
      await other.close();
      await fresh.drop();
    },
  };
}

describeEachDatabase('demo seed', (database) => {
  const db = () => database().db;
  let seeded: Awaited<ReturnType<typeof contentOf>>;
  before(async () => {
    assert.deepEqual(await seedDemo(db(), { now }), { tenantId: 'demo' });
    seeded = await contentOf(db());
  });

  it('does nothing when the demo tenant exists, whatever the day', async () => {
    await seedDemo(db(), { now });
    await seedDemo(db());
    assert.deepEqual(await contentOf(db()), seeded);
  });

  it('is the same for the same day, also when two instances race to seed a fresh database', async () => {
    const other = await anotherDatabase(database());
    try {
      const both = await Promise.all([seedDemo(other.database.db, { now }), seedDemo(other.database.db, { now })]);
      assert.deepEqual(both, [{ tenantId: 'demo' }, { tenantId: 'demo' }]);
      assert.deepEqual(await contentOf(other.database.db), seeded);
    } finally {
      await other.drop();
    }
  });

  it('holds the promised catalog, customers and history', async () => {
    const s = scoped(db(), 'demo');
    assert.deepEqual(seeded.tenant, [{ name: 'Northwind Cloud', country: 'DE', currency: 'EUR' }]);
    const settings = seeded.settings;
    assert.equal(settings?.selfService.tokenLifetimeSeconds, 3600);
    assert.deepEqual(settings?.signup.paymentMethods, ['sepa', 'card', 'invoice']);
    assert.deepEqual(settings?.frameOrigins, ['http://localhost:8080']);
    assert.ok(
      settings?.signup.terms.some((t) => t.key === 'terms' && t.kind === 'required' && t.label.en?.includes('<a href')),
    );
    assert.ok(settings?.signup.terms.some((t) => t.key === 'withdrawal' && t.kind === 'informational'));

    const variants = await s
      .selectFrom('plan_variants')
      .innerJoin('plans', (j) =>
        j.onRef('plans.tenant_id', '=', 'plan_variants.tenant_id').onRef('plans.id', '=', 'plan_variants.plan_id'),
      )
      .select([
        'plans.name as plan',
        'plan_variants.billing_period_months as months',
        'plan_variants.allow_signup',
        'plan_variants.minimum_term_months',
        'plan_variants.notice_period_days',
        'plan_variants.trial_days',
      ])
      .execute();
    for (const plan of ['Starter', 'Business']) {
      const months = variants
        .filter((v) => v.plan === plan && v.allow_signup)
        .map((v) => v.months)
        .sort((x, y) => x - y);
      assert.deepEqual(months, [1, 12], plan);
    }
    const businessYearly = variants.find((v) => v.plan === 'Business' && v.months === 12)!;
    assert.equal(businessYearly.minimum_term_months, 12);
    assert.equal(businessYearly.notice_period_days, 30);
    assert.ok(variants.filter((v) => v.plan === 'Starter').every((v) => v.trial_days === 14));
    const components = await s
      .selectFrom('components')
      .select(['name', 'kind', 'min_quantity', 'max_quantity', 'show_as_pricing_info'])
      .execute();
    assert.deepEqual(components.map((c) => c.kind).sort(), ['metered', 'metered', 'on_off', 'quantity']);
    assert.ok(components.some((c) => c.name === 'Additional seats' && c.min_quantity === 0 && c.max_quantity === 50));
    assert.ok(components.some((c) => c.name === 'API calls' && c.show_as_pricing_info));
    assert.deepEqual(
      seeded.coupons.map((c) => c.code),
      ['SAVE50', 'WELCOME10'],
    );

    // The customers the tests and the README rely on, numbered by the signups in their order.
    assert.deepEqual(
      seeded.customers.map((c) => [c.customer_number, c.email]),
      CUSTOMERS.map((c) => [c.number, c.customer.email]),
    );
    assert.deepEqual(
      seeded.contracts.map((c) => [c.contract_number, c.customer, c.status]),
      [
        ['20001', '10001', 'active'],
        ['20002', '10002', 'active'],
        ['20003', '10003', 'active'],
        ['20004', '10004', 'ending'],
        ['20005', '10005', 'trial'],
      ],
    );
    assert.deepEqual([...new Set(seeded.persons.filter((p) => p.customer === '10001').map((p) => p.role))].sort(), [
      'admin',
      'member',
      'owner',
    ]);
    // Customer 10001's card of the signup was replaced by a SEPA mandate.
    const acme = seeded.paymentMethods.filter((p) => p.customer === '10001');
    assert.deepEqual(
      acme.map((p) => [p.kind, p.status, p.mandate_reference]),
      [
        ['card', 'replaced', null],
        ['sepa', 'active', 'NWC-10001-1'],
      ],
    );
    assert.ok(seeded.paymentMethods.filter((p) => p.kind === 'sepa').every((p) => p.iban === 'DE89370400440532013000'));

    const regular = seeded.invoices.filter((i) => i.kind === 'invoice');
    const credits = seeded.invoices.filter((i) => i.kind === 'credit_note');
    assert.ok(regular.length >= 12);
    assert.equal(credits.length, 2);
    assert.ok(credits.every((c) => c.corrects && c.gross_cents < 0 && c.status === 'paid'));
    for (const status of ['paid', 'open', 'overdue']) {
      assert.ok(
        regular.some((i) => i.status === status),
        status,
      );
    }
    // Reverse charge for the Dutch customer with a VAT ID: the tax rule of billing, not one of the seed.
    assert.ok(regular.filter((i) => i.contract === '20003').every((i) => i.reverse_charge && i.tax_cents === 0));
    // Gapless numbers in issue order, from the sequences.
    assert.deepEqual(
      regular.map((i) => i.issue_date),
      [...regular.map((i) => i.issue_date)].sort(),
    );
    assert.deepEqual(
      regular.map((i) => i.number),
      regular.map((_, n) => `INV-${String(n + 1).padStart(6, '0')}`),
    );
    assert.deepEqual(seeded.sequences, [
      { kind: 'contract', next_value: 20006 },
      { kind: 'credit_note', next_value: 3 },
      { kind: 'customer', next_value: 10006 },
      { kind: 'invoice', next_value: regular.length + 1 },
    ]);
    // Metered usage is billed: a month of API calls on the invoices after the first.
    assert.ok(seeded.invoiceLines.some((l) => /^API-Aufrufe \(/.test(l.description)));
    assert.ok(regular.every((i) => i.issue_date > '2025-03-10' && i.issue_date <= today));

    const usage = await s
      .selectFrom('usage_records')
      .select([
        sql<number>`count(*)::int`.as('records'),
        sql<string[]>`array_agg(distinct dimension_kind order by dimension_kind)`.as('dimensions'),
        sql<Date>`max(occurred_at)`.as('latest'),
      ])
      .executeTakeFirstOrThrow();
    assert.ok(usage.records >= 1000);
    assert.deepEqual(usage.dimensions, ['ip', 'token']);
    assert.ok(new Date(usage.latest).getTime() <= now.getTime());
    // Hour by hour in the previous and the current month, daily totals per component and dimension before.
    const recordsPerDay = (month: string) => {
      const days = new Map<string, number>();
      for (const u of seeded.usage.filter((u) => u.contract === '20001' && String(u.day).startsWith(month))) {
        days.set(String(u.day), (days.get(String(u.day)) ?? 0) + u.records);
      }
      return [...days.values()];
    };
    assert.ok(recordsPerDay('2026-02').length === 28 && recordsPerDay('2026-02').every((n) => n >= 24));
    assert.ok(recordsPerDay('2025-10').length === 31 && recordsPerDay('2025-10').every((n) => n <= 9));
    // The daily rollup (migrations 002 and 004) counts every record.
    assert.equal(
      seeded.usage.reduce((sum, u) => sum + u.records, 0),
      usage.records,
    );
  });

  it("leaves its e-mails as sent history and every invoice renders as the portal's PDF", async () => {
    assert.ok(seeded.mails.length > 0);
    assert.deepEqual([...new Set(seeded.mails.map((m) => m.status))], ['sent']);
    const s = scoped(db(), 'demo');
    const documents = await s.selectFrom('documents').select(['content', 'title']).execute();
    assert.equal(documents.length, 5);
    for (const document of documents) {
      const { lines: text } = readPdf(Buffer.from(document.content));
      assert.ok(text.some((line) => line.includes(document.title.slice(-5))));
      // The signup's full contract document (createOrder's renderer), not a stub: subscription, prices, payment
      // and accepted terms, with every placeholder filled, countries by name and terms by their label.
      const all = text.join('\n');
      assert.ok(text.length >= 20, all);
      assert.match(all, /(Plan|Tarif): \S/, all);
      assert.match(all, /(Total|Gesamt): /, all);
      assert.doesNotMatch(all, /\{[A-Za-z][A-Za-z0-9]*\}/, 'no placeholder left unfilled');
      assert.doesNotMatch(all, /^(terms|privacy|withdrawal) \(/m, 'terms by their label, not their key');
      assert.doesNotMatch(all, /right of withdrawal|Widerrufsrecht/, 'the informational notice is no acceptance');
      assert.ok(!text.includes('DE') && !text.includes('NL'), 'countries by name');
      assert.ok(text.includes('Germany') || text.includes('Deutschland') || text.includes('Netherlands'), all);
    }
    const invoices = await s.selectFrom('invoices').selectAll().execute();
    const lines = await s.selectFrom('invoice_lines').selectAll().orderBy('position').execute();
    for (const invoice of invoices) {
      const pdf = await renderInvoicePdf({
        merchantName: 'Northwind Cloud',
        invoice,
        lines: lines.filter((line) => line.invoice_id === invoice.id),
        correctsNumber: invoices.find((i) => i.id === invoice.corrects_invoice_id)?.number ?? null,
      });
      assert.ok(
        readPdf(pdf).lines.some((line) => line.includes(invoice.number)),
        invoice.number,
      );
    }
  });

  // Last: it bills on.
  it('leaves nothing for billing to catch up, and billing goes on from it', async () => {
    assert.deepEqual(await runBilling(db(), 'demo', today), []);
    const running = seeded.contracts.filter((c) => c.status === 'active');
    const next = addDays(running.map((c) => String(c.current_period_end)).sort()[0]!, 1);
    const issued = await runBilling(db(), 'demo', next);
    assert.ok(issued.length > 0);
    for (const invoice of issued) {
      const contract = seeded.contracts.find((c) => c.contract_number === invoice.contractNumber)!;
      assert.equal(invoice.periodStart, addDays(String(contract.current_period_end), 1));
    }
  });
});
