import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql, type Kysely, type KyselyPlugin } from 'kysely';
import { migrateToLatest, migrationStatus } from './migrate.ts';
import type { DB } from './schema.ts';
import { randomUUID } from 'node:crypto';
import { ReadCache, withReadCache } from './read-cache.ts';
import { createTenant, getTenantSettings, nextNumber, nextNumbers, scoped } from './tenant.ts';
import { describeEachDatabase } from '../testing/databases.ts';

/** A plugin that records each statement's kind as it is sent. */
function countingPlugin(into: string[]): KyselyPlugin {
  return {
    transformQuery: (args) => (into.push(args.node.kind), args.node),
    transformResult: async (args) => args.result,
  };
}

/** Runs `fn`, expecting the database to refuse it; returns the error for further checks. */
async function rejects(fn: () => Promise<unknown>, pattern?: RegExp): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    assert.ok(error instanceof Error);
    if (pattern) assert.match(error.message, pattern);
    return error;
  }
  assert.fail('expected the database to reject the statement');
}

async function catalog(db: Kysely<DB>, tenantId: string) {
  const s = scoped(db, tenantId);
  const family = await s.insertInto('product_families', { name: 'Family' }).returning('id').executeTakeFirstOrThrow();
  const plan = await s
    .insertInto('plans', { family_id: family.id, name: 'Plan' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const variant = await s
    .insertInto('plan_variants', {
      plan_id: plan.id,
      name: 'Monthly',
      billing_period_months: 1,
      price_cents: 1000,
      currency: 'EUR',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { familyId: family.id, planId: plan.id, variantId: variant.id };
}

async function customer(db: Kysely<DB>, tenantId: string, number: string) {
  return scoped(db, tenantId)
    .insertInto('customers', {
      customer_number: number,
      email: `${number}@${tenantId}.example`,
      company: `${tenantId} ${number}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

function contractValues(customerId: string, variantId: string, number: string) {
  return {
    customer_id: customerId,
    contract_number: number,
    plan_variant_id: variantId,
    status: 'active' as const,
    start_date: '2024-01-01',
    current_period_start: '2024-01-01',
    current_period_end: '2024-01-31',
  };
}

describeEachDatabase('storage', (database) => {
  const db = () => database().db;

  test('migrations are applied, versioned and idempotent', async () => {
    await migrateToLatest(db());
    await migrateToLatest(db());
    const status = await migrationStatus(db());
    assert.deepEqual(
      status.map((m) => m.name),
      [
        '001_initial',
        '002_usage_daily',
        '003_rate_limits',
        '004_usage_daily_repair',
        '005_sealed_signing_keys',
        '006_order_documenting',
        '007_cache_notify',
        '008_order_document_lease',
        '009_customer_cache_notify',
        '010_api_keys_scope_idempotency',
        '011_events_webhooks',
      ],
    );
    assert.ok(status.every((m) => m.executedAt instanceof Date));
    const applied = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(db());
    assert.equal(applied.rows[0]?.n, 11);
  });

  test('tenants are created with their settings', async () => {
    await createTenant(db(), { id: 'a', name: 'Tenant A' });
    await createTenant(db(), {
      id: 'b',
      name: 'Tenant B',
      defaultLanguage: 'de',
      settings: { frameOrigins: ['https://b.example'] },
    });
    const settings = await getTenantSettings(db(), 'b');
    assert.equal(settings?.selfService.tokenLifetimeSeconds, 3600);
    assert.deepEqual(settings?.frameOrigins, ['https://b.example']);
    assert.equal(settings?.languages.default, 'de');
    // Every tenant starts with one current Ed25519 signing key for its self-service tokens.
    const keys = await db()
      .selectFrom('signing_keys')
      .where('tenant_id', '=', 'b')
      .select(['alg', 'retired_at'])
      .execute();
    assert.deepEqual(keys, [{ alg: 'EdDSA', retired_at: null }]);
    await rejects(() => createTenant(db(), { id: 'a', name: 'again' }));
    await rejects(() => createTenant(db(), { id: 'Not A Slug', name: 'x' }));
    assert.equal(await getTenantSettings(db(), 'missing'), undefined);
  });

  test('customer, contract and invoice with lines round-trip', async () => {
    const { variantId, familyId } = await catalog(db(), 'a');
    const s = scoped(db(), 'a');
    const seats = await s
      .insertInto('components', {
        family_id: familyId,
        kind: 'quantity',
        name: 'Seats',
        unit_price_cents: 500,
        max_quantity: 10,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const c = await s
      .insertInto('customers', {
        customer_number: 'R-1',
        email: 'r@example.com',
        company: 'Round Trip GmbH',
        first_name: 'Rita',
        last_name: 'Rund',
        street: 'Hauptstraße',
        house_number: '1',
        postal_code: '10115',
        city: 'Berlin',
        country: 'DE',
        language: 'de',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const pm = await s
      .insertInto('payment_methods', {
        customer_id: c.id,
        kind: 'sepa',
        holder: 'Rita Rund',
        iban: 'DE89370400440532013000',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const contract = await s
      .insertInto('contracts', {
        ...contractValues(c.id, variantId, 'R-100'),
        payment_method_id: pm.id,
        minimum_term_end: '2024-12-31',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await s
      .insertInto('contract_components', { contract_id: contract.id, component_id: seats.id, quantity: 3 })
      .execute();
    await s
      .insertInto('persons', {
        customer_id: c.id,
        email: 'r@example.com',
        role: 'owner',
        permissions: ['invoices', 'usage'],
      })
      .execute();

    const invoice = await s
      .insertInto('invoices', {
        customer_id: c.id,
        contract_id: contract.id,
        number: 'INV-000001',
        status: 'open',
        issue_date: '2024-01-01',
        due_date: '2024-01-15',
        currency: 'EUR',
        net_cents: 2500,
        tax_cents: 475,
        gross_cents: 2975,
        tax_rate_basis_points: 1900,
        billing_address: { company: 'Round Trip GmbH', city: 'Berlin' },
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await s
      .insertInto('invoice_lines', [
        {
          invoice_id: invoice.id,
          position: 1,
          description: 'Plan',
          quantity: 1,
          unit_price_cents: 1000,
          amount_cents: 1000,
        },
        {
          invoice_id: invoice.id,
          position: 2,
          description: 'Seats',
          quantity: 3,
          unit_price_cents: 500,
          amount_cents: 1500,
          component_id: seats.id,
        },
      ])
      .execute();

    const readCustomer = await s.selectFrom('customers').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    assert.equal(readCustomer.company, 'Round Trip GmbH');
    assert.equal(readCustomer.country, 'DE');
    assert.equal(readCustomer.version, 1);
    assert.ok(readCustomer.created_at instanceof Date);

    const readContract = await s
      .selectFrom('contracts')
      .selectAll()
      .where('id', '=', contract.id)
      .executeTakeFirstOrThrow();
    assert.equal(readContract.start_date, '2024-01-01');
    assert.equal(readContract.current_period_end, '2024-01-31');
    assert.equal(readContract.minimum_term_end, '2024-12-31');
    assert.equal(readContract.trial_end, null);
    assert.equal(readContract.payment_method_id, pm.id);
    assert.equal(readContract.status, 'active');

    const person = await s.selectFrom('persons').selectAll().where('customer_id', '=', c.id).executeTakeFirstOrThrow();
    assert.deepEqual(person.permissions, ['invoices', 'usage']);

    const readInvoice = await s
      .selectFrom('invoices')
      .selectAll()
      .where('id', '=', invoice.id)
      .executeTakeFirstOrThrow();
    assert.equal(readInvoice.gross_cents, 2975);
    assert.equal(readInvoice.kind, 'invoice');
    assert.equal(readInvoice.issue_date, '2024-01-01');
    assert.deepEqual(readInvoice.billing_address, { company: 'Round Trip GmbH', city: 'Berlin' });
    const lines = await s
      .selectFrom('invoice_lines')
      .selectAll()
      .where('invoice_id', '=', invoice.id)
      .orderBy('position')
      .execute();
    assert.deepEqual(
      lines.map((l) => [l.description, l.quantity, l.amount_cents]),
      [
        ['Plan', 1, 1000],
        ['Seats', 3, 1500],
      ],
    );
    assert.equal(
      lines.reduce((sum, l) => sum + l.amount_cents, 0),
      readInvoice.net_cents,
    );

    // Usage records: bigint ids and quantities read as numbers; external ids unique per tenant.
    await s
      .insertInto('usage_records', [
        {
          contract_id: contract.id,
          component_id: seats.id,
          occurred_at: '2024-01-05T10:00:00Z',
          quantity: 5_000_000_000,
          dimension_kind: 'ip',
          dimension_value: '192.0.2.1',
          external_id: 'u-1',
        },
        {
          contract_id: contract.id,
          component_id: seats.id,
          occurred_at: new Date('2024-01-06T10:00:00Z'),
          quantity: 2,
        },
      ])
      .execute();
    const usage = await s
      .selectFrom('usage_records')
      .selectAll()
      .where('contract_id', '=', contract.id)
      .orderBy('occurred_at')
      .execute();
    assert.equal(usage[0]?.quantity, 5_000_000_000);
    assert.equal(typeof usage[0]?.id, 'number');
    assert.ok(usage[1]?.occurred_at instanceof Date);
    await rejects(() =>
      s
        .insertInto('usage_records', {
          contract_id: contract.id,
          component_id: seats.id,
          occurred_at: new Date(),
          quantity: 1,
          external_id: 'u-1',
        })
        .execute(),
    );

    // jsonb arrays go in as JSON text.
    await s
      .insertInto('email_outbox', {
        to_address: 'r@example.com',
        subject: 'Hi',
        text_body: 'Hello',
        attachments: JSON.stringify([{ filename: 'a.pdf', contentType: 'application/pdf', invoiceId: invoice.id }]),
      })
      .execute();
    const mail = await s.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow();
    assert.equal(mail.status, 'pending');
    assert.equal(mail.attachments[0]?.filename, 'a.pdf');

    // Documents keep their bytes.
    const bytes = new Uint8Array([37, 80, 68, 70, 0, 255]);
    await s
      .insertInto('documents', {
        customer_id: c.id,
        contract_id: contract.id,
        kind: 'contract',
        title: 'Contract',
        content: bytes,
        sha256: 'a'.repeat(64),
      })
      .execute();
    const doc = await s.selectFrom('documents').select('content').executeTakeFirstOrThrow();
    assert.deepEqual([...doc.content], [...bytes]);
  });

  test('constraints: unique numbers per tenant, composite foreign keys, checks, idempotency keys', async () => {
    const a = await catalog(db(), 'a');
    const b = await catalog(db(), 'b');
    const ca = await customer(db(), 'a', 'K-1');
    const cb = await customer(db(), 'b', 'K-1'); // same customer number in another tenant is fine
    await scoped(db(), 'a')
      .insertInto('contracts', contractValues(ca.id, a.variantId, 'V-1'))
      .execute();
    await rejects(
      () =>
        scoped(db(), 'a')
          .insertInto('contracts', contractValues(ca.id, a.variantId, 'V-1'))
          .execute(),
      /unique|duplicate/i,
    );
    await scoped(db(), 'b')
      .insertInto('contracts', contractValues(cb.id, b.variantId, 'V-1'))
      .execute();

    // Tenant B's contract cannot reference tenant A's customer or plan variant.
    await rejects(
      () =>
        scoped(db(), 'b')
          .insertInto('contracts', contractValues(ca.id, b.variantId, 'V-2'))
          .execute(),
      /foreign key/i,
    );
    await rejects(
      () =>
        scoped(db(), 'b')
          .insertInto('contracts', contractValues(cb.id, a.variantId, 'V-3'))
          .execute(),
      /foreign key/i,
    );
    await rejects(
      () =>
        scoped(db(), 'b')
          .insertInto('persons', { customer_id: ca.id, email: 'x@example.com', role: 'member' })
          .execute(),
      /foreign key/i,
    );

    // Unknown enum values are rejected.
    await rejects(
      () =>
        scoped(db(), 'a')
          .insertInto('contracts', { ...contractValues(ca.id, a.variantId, 'V-4'), status: 'paused' as never })
          .execute(),
      /check constraint/i,
    );
    await rejects(
      () =>
        scoped(db(), 'a')
          .insertInto('persons', { customer_id: ca.id, email: 'x@example.com', role: 'boss' as never })
          .execute(),
      /check constraint/i,
    );
    await rejects(
      () =>
        scoped(db(), 'a')
          .insertInto('invoices', {
            customer_id: ca.id,
            number: 'X-1',
            status: 'open',
            issue_date: '2024-01-01',
            currency: 'EUR',
            net_cents: 100,
            tax_cents: 19,
            gross_cents: 120,
          })
          .execute(),
      /check constraint/i,
    );

    // Idempotency keys are unique per tenant.
    const order = { idempotency_key: 'key-1', request_hash: 'h1' };
    await scoped(db(), 'a').insertInto('orders', order).execute();
    await rejects(
      () =>
        scoped(db(), 'a')
          .insertInto('orders', { ...order, request_hash: 'h2' })
          .execute(),
      /unique|duplicate/i,
    );
    await scoped(db(), 'b').insertInto('orders', order).execute();

    // Gapless numbers per tenant; a rolled-back transaction gives its number back.
    assert.equal(await nextNumber(db(), 'a', 'test'), 1);
    assert.equal(await nextNumber(db(), 'a', 'test'), 2);
    await rejects(() =>
      db()
        .transaction()
        .execute(async (trx) => {
          assert.equal(await nextNumber(trx, 'a', 'test'), 3);
          throw new Error('rollback');
        }),
    );
    assert.equal(await nextNumber(db(), 'a', 'test'), 3);
    assert.equal(await nextNumber(db(), 'b', 'test'), 1);
  });

  test('nextNumbers takes several numbers in one statement, in name order, and a rollback gives all back', async () => {
    assert.deepEqual(await nextNumbers(db(), 'a', ['many-b', 'many-a']), { 'many-a': 1, 'many-b': 1 });
    await rejects(() =>
      db()
        .transaction()
        .execute(async (trx) => {
          assert.deepEqual(await nextNumbers(trx, 'a', ['many-a', 'many-b']), { 'many-a': 2, 'many-b': 2 });
          throw new Error('rollback');
        }),
    );
    assert.deepEqual(await nextNumbers(db(), 'a', ['many-b', 'many-a', 'many-b']), { 'many-a': 2, 'many-b': 2 });
    assert.equal(await nextNumber(db(), 'a', 'many-b'), 3);
  });

  test('withInserts writes the rows of several tables in one statement, each with its tenant', async () => {
    const customerId = randomUUID();
    const personId = randomUUID();
    const cache = new ReadCache();
    const held: string[] = [];
    cache.wrote = (kind = 'tenant') => void held.push(kind);
    const queries: string[] = [];
    const watched = withReadCache(db().withPlugin(countingPlugin(queries)), cache);
    await scoped(watched, 'a')
      .withInserts([
        { table: 'persons', rows: [{ id: personId, customer_id: customerId, email: 'w@example.com', role: 'owner' }] },
        { table: 'customers', rows: [{ id: customerId, customer_number: 'W-1', email: 'w@example.com' }] },
      ])
      .insertInto('audit_log', {
        action: 'customer.created',
        entity_type: 'customer',
        entity_id: customerId,
        actor_type: 'system',
      })
      .execute();
    assert.equal(queries.length, 1, 'one statement');
    assert.deepEqual(held, ['customer'], 'a person written in a WITH counts as a customer write for the cache');
    const person = await db()
      .selectFrom('persons')
      .where('id', '=', personId)
      .select(['tenant_id', 'customer_id'])
      .executeTakeFirstOrThrow();
    assert.deepEqual(person, { tenant_id: 'a', customer_id: customerId });
    const audit = await scoped(db(), 'a')
      .selectFrom('audit_log')
      .where('entity_id', '=', customerId)
      .select('id')
      .execute();
    assert.equal(audit.length, 1);
    // A row of another tenant's customer is refused by the composite foreign key, and the whole statement with it.
    await rejects(
      () =>
        scoped(db(), 'b')
          .withInserts([{ table: 'customers', rows: [{ customer_number: 'W-2', email: 'x@example.com' }] }])
          .insertInto('persons', { customer_id: customerId, email: 'x@example.com', role: 'owner' })
          .execute(),
      /foreign key/i,
    );
    assert.equal(
      (await scoped(db(), 'b').selectFrom('customers').where('customer_number', '=', 'W-2').select('id').execute())
        .length,
      0,
    );
  });

  test("scoped() never reads, updates or deletes another tenant's rows", async () => {
    await createTenant(db(), { id: 'scope-a', name: 'A' });
    await createTenant(db(), { id: 'scope-b', name: 'B' });
    for (const tenant of ['scope-a', 'scope-b']) {
      for (const n of [1, 2, 3]) {
        const c = await customer(db(), tenant, `S-${n}`);
        await scoped(db(), tenant)
          .insertInto('invoices', {
            customer_id: c.id,
            number: `I-${n}`,
            status: 'open',
            issue_date: '2024-02-01',
            currency: 'EUR',
            net_cents: 100,
            tax_cents: 19,
            gross_cents: 119,
          })
          .execute();
      }
    }
    const a = scoped(db(), 'scope-a');
    const customersA = await a.selectFrom('customers').selectAll().execute();
    assert.equal(customersA.length, 3);
    assert.ok(customersA.every((c) => c.tenant_id === 'scope-a'));
    const invoicesA = await a
      .selectFrom('invoices')
      .select(['tenant_id', 'number'])
      .where('number', '=', 'I-1')
      .execute();
    assert.deepEqual(invoicesA, [{ tenant_id: 'scope-a', number: 'I-1' }]);

    const updated = await a.updateTable('invoices').set({ status: 'paid' }).executeTakeFirst();
    assert.equal(Number(updated.numUpdatedRows), 3);
    const bInvoices = await scoped(db(), 'scope-b').selectFrom('invoices').select('status').execute();
    assert.ok(bInvoices.every((i) => i.status === 'open'));

    // Even an explicit id of another tenant's row is not reachable.
    const bCustomer = await scoped(db(), 'scope-b')
      .selectFrom('customers')
      .select('id')
      .where('customer_number', '=', 'S-1')
      .executeTakeFirstOrThrow();
    assert.equal(
      await a.selectFrom('customers').select('id').where('id', '=', bCustomer.id).executeTakeFirst(),
      undefined,
    );
    const touched = await a
      .updateTable('customers')
      .set({ company: 'hijacked' })
      .where('id', '=', bCustomer.id)
      .executeTakeFirst();
    assert.equal(Number(touched.numUpdatedRows), 0);

    const deleted = await a.deleteFrom('invoices').executeTakeFirst();
    assert.equal(Number(deleted.numDeletedRows), 3);
    assert.equal((await scoped(db(), 'scope-b').selectFrom('invoices').select('id').execute()).length, 3);
    const bNames = await scoped(db(), 'scope-b').selectFrom('customers').select('company').execute();
    assert.ok(bNames.every((c) => c.company !== 'hijacked'));

    // Inserts get the scope's tenant, and scoped transactions roll back as a whole.
    await rejects(() =>
      a.transaction(async (tx) => {
        await tx.insertInto('customers', { customer_number: 'T-1', email: 't@example.com' }).execute();
        throw new Error('rollback');
      }),
    );
    assert.equal(
      await a.selectFrom('customers').select('id').where('customer_number', '=', 'T-1').executeTakeFirst(),
      undefined,
    );
    await a.transaction(async (tx) => {
      await tx.insertInto('customers', { customer_number: 'T-2', email: 't@example.com' }).execute();
    });
    const t2 = await db().selectFrom('customers').select('tenant_id').where('customer_number', '=', 'T-2').execute();
    assert.deepEqual(t2, [{ tenant_id: 'scope-a' }]);
  });

  test('concurrent work outside a transaction is isolated from it, and affected rows are reported', async () => {
    await createTenant(db(), { id: 'iso', name: 'Isolation' });
    const s = scoped(db(), 'iso');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const started = new Promise<void>((resolve) => (inside = resolve));
    const failing = s.transaction(async (tx) => {
      await tx.insertInto('customers', { customer_number: 'TX-1', email: 'tx@example.com' }).execute();
      inside();
      await gate;
      throw new Error('rollback');
    });
    await started;
    // Another request meanwhile: must neither see nor join the open transaction.
    const outside = s.insertInto('customers', { customer_number: 'OUT-1', email: 'out@example.com' }).execute();
    const seen = s.selectFrom('customers').select('customer_number').where('customer_number', '=', 'TX-1').execute();
    setTimeout(release, 20);
    await rejects(() => failing, /rollback/);
    await outside;
    assert.deepEqual(await seen, []);
    const rows = await s.selectFrom('customers').select('customer_number').orderBy('customer_number').execute();
    assert.deepEqual(rows, [{ customer_number: 'OUT-1' }]);

    // Optimistic locking relies on the affected-row count.
    const first = await s
      .updateTable('customers')
      .set({ city: 'Köln', version: 2 })
      .where('customer_number', '=', 'OUT-1')
      .where('version', '=', 1)
      .executeTakeFirst();
    assert.equal(first.numUpdatedRows, 1n);
    const stale = await s
      .updateTable('customers')
      .set({ city: 'Bonn', version: 2 })
      .where('customer_number', '=', 'OUT-1')
      .where('version', '=', 1)
      .executeTakeFirst();
    assert.equal(stale.numUpdatedRows, 0n);
  });
});
