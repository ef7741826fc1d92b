import {
  sql,
  type DeleteQueryBuilder,
  type DeleteResult,
  type InsertQueryBuilder,
  type InsertResult,
  type Insertable,
  type Kysely,
  type QueryCreator,
  type SelectQueryBuilder,
  type UpdateQueryBuilder,
  type UpdateResult,
} from 'kysely';
import type { DB, TenantSettings, TenantTable } from './schema.ts';
import { createSigningKey } from '../access/keys.ts';
import { cached } from './read-cache.ts';
import { sealSmtpSettings, type SmtpSettingsInput } from '../email/smtp-settings.ts';

/** Insert values of a tenant table without tenant_id: the scope injects it. */
export type ScopedInsertable<T extends TenantTable> = Omit<Insertable<DB[T]>, 'tenant_id'>;

/** Rows of one tenant table, for `TenantScope.withInserts`. */
export type TableRows = {
  [T in TenantTable]: { table: T; rows: ReadonlyArray<ScopedInsertable<T>> };
}[TenantTable];

/** The statements of a `TenantScope`, all restricted to its tenant. */
export interface TenantQueries {
  readonly tenantId: string;
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  selectFrom<T extends TenantTable>(table: T): SelectQueryBuilder<DB, T, {}>;
  updateTable<T extends TenantTable>(table: T): UpdateQueryBuilder<DB, T, T, UpdateResult>;
  deleteFrom<T extends TenantTable>(table: T): DeleteQueryBuilder<DB, T, DeleteResult>;
  insertInto<T extends TenantTable>(
    table: T,
    values: ScopedInsertable<T> | ReadonlyArray<ScopedInsertable<T>>,
  ): InsertQueryBuilder<DB, T, InsertResult>;
}

/**
 * Query builders that are already restricted to one tenant. Feature code takes a `TenantScope` rather than
 * the raw Kysely instance so it cannot forget the tenant.
 *
 * Joins are not filtered automatically: join tenant tables on both columns, e.g.
 * `.innerJoin('customers', (j) => j.onRef('customers.tenant_id', '=', 'invoices.tenant_id')
 *   .onRef('customers.id', '=', 'invoices.customer_id'))` — the composite foreign keys guarantee a referenced row
 * belongs to the same tenant anyway.
 */
export interface TenantScope extends TenantQueries {
  /** The underlying Kysely instance or transaction (for tenant-independent queries only). */
  readonly db: Kysely<DB>;
  /**
   * Statements that first insert these rows, each table's in a data-modifying `WITH` of the same statement: rows of
   * several tables written in one round trip (give them ids made here, `crypto.randomUUID()`, to refer to each
   * other; foreign keys are checked once the whole statement has run). E.g.
   * `scope.withInserts([{ table: 'invoices', rows: [invoice] }]).insertInto('invoice_lines', lines).execute()`.
   */
  withInserts(batches: ReadonlyArray<TableRows>): TenantQueries;
  /** Runs `fn` in a transaction with a scope bound to it (or joins the current transaction). */
  transaction<R>(fn: (scope: TenantScope) => Promise<R>): Promise<R>;
}

function queriesOf(db: QueryCreator<DB>, tenantId: string): TenantQueries {
  const tenantColumn = (table: TenantTable) => sql.ref<string>(`${table}.tenant_id`);
  return {
    tenantId,
    selectFrom: (table) => db.selectFrom(table).where(tenantColumn(table), '=', tenantId) as never,
    updateTable: (table) => db.updateTable(table).where(tenantColumn(table), '=', tenantId) as never,
    deleteFrom: (table) => db.deleteFrom(table).where(tenantColumn(table), '=', tenantId) as never,
    insertInto: (table, values) => db.insertInto(table).values(withTenant(table, values, tenantId) as never) as never,
  };
}

function withTenant(table: string, values: object | ReadonlyArray<object>, tenantId: string) {
  const list = (Array.isArray(values) ? values : [values]) as ReadonlyArray<Record<string, unknown>>;
  if (list.length === 0) throw new Error(`insertInto(${table}): no rows`);
  return list.map((row) => ({ ...row, tenant_id: tenantId }));
}

/** A tenant-bound view of `db` (a Kysely instance or a transaction). */
export function scoped(db: Kysely<DB>, tenantId: string): TenantScope {
  if (!tenantId) throw new Error('scoped(): tenantId is required');
  return {
    ...queriesOf(db, tenantId),
    db,
    withInserts: (batches) => {
      let creator: QueryCreator<DB> = db;
      batches.forEach(({ table, rows }, index) => {
        creator = creator.with(
          `inserted_${index}`,
          (cte) => cte.insertInto(table).values(withTenant(table, rows, tenantId) as never) as never,
        ) as never;
      });
      return queriesOf(creator, tenantId);
    },
    transaction: (fn) =>
      db.isTransaction ? fn(scoped(db, tenantId)) : db.transaction().execute((trx) => fn(scoped(trx, tenantId))),
  };
}

export interface NewTenant {
  /** URL slug: lowercase letters, digits and dashes. */
  id: string;
  name: string;
  defaultLanguage?: string;
  currency?: string;
  country?: string;
  timeZone?: string;
  /** Merged (shallowly per section) over defaultTenantSettings(); an SMTP password is stored sealed. */
  settings?: Partial<TenantSettingsInput>;
}

/** Tenant settings as given, with the SMTP password (if any) in clear. */
export type TenantSettingsInput = Omit<TenantSettings, 'smtp'> & { smtp: SmtpSettingsInput };

/** Settings as a tenant_settings row stores them: the SMTP password sealed (see email/smtp-settings.ts). */
export function storedTenantSettings(db: Kysely<DB>, tenantId: string, settings: TenantSettingsInput): TenantSettings {
  return { ...settings, smtp: sealSmtpSettings(db, tenantId, settings.smtp) };
}

/** Inserts a tenant and its settings row in one transaction. */
export async function createTenant(db: Kysely<DB>, tenant: NewTenant): Promise<void> {
  const language = tenant.defaultLanguage ?? 'en';
  const given: TenantSettingsInput = { ...defaultTenantSettings({ defaultLanguage: language }), ...tenant.settings };
  const run = async (trx: Kysely<DB>) => {
    await trx
      .insertInto('tenants')
      .values({
        id: tenant.id,
        name: tenant.name,
        default_language: language,
        currency: tenant.currency ?? 'EUR',
        country: tenant.country ?? 'DE',
        time_zone: tenant.timeZone ?? 'Europe/Berlin',
      })
      .execute();
    const settings = storedTenantSettings(trx, tenant.id, given);
    await trx.insertInto('tenant_settings').values({ tenant_id: tenant.id, settings }).execute();
    await createSigningKey(trx, tenant.id);
  };
  if (db.isTransaction) await run(db);
  else await db.transaction().execute(run);
}

/** A tenant's row and settings (see `getTenant`). */
export interface TenantRecord {
  id: string;
  name: string;
  currency: string;
  /** Two letters (the column is char(2)). */
  country: string;
  defaultLanguage: string;
  timeZone: string;
  settings: TenantSettings;
}

/**
 * A tenant with its settings (sections missing from older rows filled with defaults), in one query, kept by the
 * instance's read cache (`db/read-cache.ts`) until a change of either row is notified; read afresh inside a
 * transaction. The value is shared and frozen.
 */
export function getTenant(db: Kysely<DB>, tenantId: string): Promise<TenantRecord | undefined> {
  return cached(db, tenantId, 'tenant', async () => {
    const row = await db
      .selectFrom('tenant_settings')
      .innerJoin('tenants', 'tenants.id', 'tenant_settings.tenant_id')
      .select([
        'tenant_settings.settings',
        'tenants.id',
        'tenants.name',
        'tenants.currency',
        'tenants.country',
        'tenants.default_language',
        'tenants.time_zone',
      ])
      .where('tenant_settings.tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      name: row.name,
      currency: row.currency,
      country: row.country.trim(),
      defaultLanguage: row.default_language,
      timeZone: row.time_zone,
      settings: { ...defaultTenantSettings({ defaultLanguage: row.default_language }), ...row.settings },
    };
  });
}

/** A tenant's settings (`getTenant`): cached, shared and frozen. */
export async function getTenantSettings(db: Kysely<DB>, tenantId: string): Promise<TenantSettings | undefined> {
  return (await getTenant(db, tenantId))?.settings;
}

/**
 * Next gapless number of a tenant's sequence (e.g. 'invoice'). Call it inside the transaction that uses the
 * number: the sequence row stays locked until commit, and a rollback gives the number back.
 */
export async function nextNumber(db: Kysely<DB>, tenantId: string, kind: string): Promise<number> {
  return (await nextNumbers(db, tenantId, [kind]))[kind]!;
}

/**
 * The next gapless number of each of several sequences, in one statement (`nextNumber` for each). The rows are
 * taken in the order of their names, whatever the order asked, so two transactions that each take several never
 * wait for each other in a circle. Each row stays locked until commit: take the numbers as late in the transaction
 * as possible, since every other transaction of the tenant that needs one of them waits until this one commits.
 */
export async function nextNumbers<K extends string>(
  db: Kysely<DB>,
  tenantId: string,
  kinds: readonly K[],
): Promise<Record<K, number>> {
  const sorted = [...new Set(kinds)].sort();
  const rows = await db
    .insertInto('number_sequences')
    .values(sorted.map((kind) => ({ tenant_id: tenantId, kind, next_value: 2 })))
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'kind']).doUpdateSet({ next_value: sql<number>`number_sequences.next_value + 1` }),
    )
    .returning(['kind', sql<number>`next_value - 1`.as('value')])
    .execute();
  return Object.fromEntries(rows.map((row) => [row.kind, Number(row.value)])) as Record<K, number>;
}

/** Self-service settings a new tenant starts with. */
export function defaultTenantSettings(options: { defaultLanguage?: string } = {}): TenantSettings {
  const language = options.defaultLanguage ?? 'en';
  return {
    selfService: {
      tokenLifetimeSeconds: 3600,
      maxTokenLifetimeSeconds: 7 * 24 * 3600,
      displayedAreas: {
        contracts: true,
        contractDetails: true,
        invoices: true,
        usage: true,
        personnel: true,
        billingAddress: true,
        paymentData: true,
        cancellation: true,
        documents: true,
      },
      allowCancellationWithdrawal: true,
    },
    signup: {
      fields: {
        email: 'mandatory',
        company: 'optional',
        firstName: 'mandatory',
        lastName: 'mandatory',
        street: 'mandatory',
        houseNumber: 'mandatory',
        postalCode: 'mandatory',
        city: 'mandatory',
        country: 'mandatory',
        phone: 'optional',
        vatId: 'optional',
      },
      couponField: true,
      terms: [],
      paymentMethods: ['sepa', 'card', 'invoice'],
      successUrl: null,
    },
    languages: { default: language, available: Array.from(new Set([language, 'en', 'de'])) },
    frameOrigins: [],
    branding: {
      logoUrl: null,
      primaryColor: '#1f5fbf',
      accentColor: '#0b8457',
      fontFamily: 'system-ui, sans-serif',
      theme: 'light',
    },
    smtp: { useSystem: true },
    emailTemplates: {},
    stringOverrides: {},
    rateLimit: { requests: 100, windowSeconds: 60 },
    invoice: { paymentTermDays: 14, numberPrefix: 'INV-', creditNotePrefix: 'CN-' },
  };
}
