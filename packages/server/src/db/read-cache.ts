import {
  AliasNode,
  DeleteQueryNode,
  InsertQueryNode,
  SelectQueryNode,
  TableNode,
  UpdateQueryNode,
  type Kysely,
  type WithNode,
  type OperationNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** How many tenants an instance keeps in memory at most (the least recently loaded one goes first). */
const MAX_TENANTS = 1000;
/** How many customers of one tenant an instance keeps in memory at most (the least recently loaded one goes first). */
const MAX_CUSTOMERS = 10_000;

/**
 * After this instance itself writes a cached table through Kysely, it keeps nothing of that table's kind for this
 * long: its own next read must see the write even before the notification of the commit has come back (on
 * PostgreSQL it travels through the listening connection). The notification then empties the cache as for any change.
 */
const OWN_WRITE_HOLD_MS = 1000;

/** The tables of a tenant's read-mostly rows (migration 007 puts its trigger on each). */
const TENANT_TABLES = new Set([
  'tenants',
  'tenant_settings',
  'product_families',
  'plans',
  'plan_variants',
  'components',
]);

/**
 * The tables of a customer's rows that the portal's hot requests read (the token check's person and revocation
 * list, the dashboard's contracts and invoices); migration 009 puts its trigger on each. `revoked_tokens` names no
 * customer: a change there drops every customer of the tenant.
 */
const CUSTOMER_TABLES = new Set(['persons', 'revoked_tokens', 'contracts', 'invoices']);

interface TenantEntries {
  /** The tenant's own rows (settings, catalog). */
  shared: Map<string, Promise<unknown>>;
  /** Rows of one customer each, by customer id. */
  customers: Map<string, Map<string, Promise<unknown>>>;
}

/**
 * Rows read again and again but changed seldom, kept in memory by one server instance: a tenant's settings and the
 * catalog its signup page shows, and what the portal reads of a customer at every request (the person behind a
 * token, the dashboard's lists). Whatever changes them — any code of any instance, or an operator in psql — makes
 * PostgreSQL (or PGlite) notify when the change commits (migrations 007 and 009): the tenant's id, or
 * `tenant:customer` for a customer's rows (`tenant:*` for all of the tenant's customers). `changed()` then drops
 * what is held of it, and the next request loads it again. A change of the tenant's own rows drops its customers'
 * too (the dashboard shows plan names).
 *
 * An entry is stored when its load starts, so a change notified while the load runs drops that load too: a value read
 * before a change never outlives its notification. While the instance cannot hear notifications (a lost PostgreSQL
 * connection, until it is back), nothing is kept and every read goes to the database. Another instance's change is
 * seen once its notification arrives (milliseconds after the commit); this instance's own is seen at once
 * (`OWN_WRITE_HOLD_MS`).
 *
 * Values are frozen: callers share them.
 */
export class ReadCache {
  readonly #tenants = new Map<string, TenantEntries>();
  #live = false;
  #tenantsHeldUntil = 0;
  #customersHeldUntil = 0;

  /** Whether notifications arrive (values are kept only then). Going live or losing it drops everything. */
  setLive(live: boolean): void {
    this.#live = live;
    this.#tenants.clear();
  }

  get live(): boolean {
    return this.#live;
  }

  /**
   * This instance wrote a cached table (`ReadCachePlugin`): keep nothing of its kind for a moment, and drop what is
   * held of it.
   */
  wrote(kind: 'tenant' | 'customer' = 'tenant'): void {
    const until = Date.now() + OWN_WRITE_HOLD_MS;
    if (kind === 'tenant') {
      this.#tenantsHeldUntil = until;
      this.#tenants.clear();
    } else {
      this.#customersHeldUntil = until;
      for (const entries of this.#tenants.values()) entries.customers.clear();
    }
  }

  /**
   * A change was notified: `tenant` (its own rows, and so its customers' too), `tenant:customer` (one customer's
   * rows), `tenant:*` (all its customers' rows); `null` or an empty payload: everything.
   */
  changed(payload: string | null): void {
    if (!payload) return this.#tenants.clear();
    const colon = payload.indexOf(':');
    if (colon < 0) return void this.#tenants.delete(payload);
    const customers = this.#tenants.get(payload.slice(0, colon))?.customers;
    const customerId = payload.slice(colon + 1);
    if (customerId === '*') customers?.clear();
    else customers?.delete(customerId);
  }

  /**
   * The tenant's value under `key`, from memory or from `load`. A failed load is not kept, nor `undefined` (what is
   * not there: an unknown tenant or id must not take the place of a known one).
   */
  get<T>(tenantId: string, key: string, load: () => Promise<T>): Promise<T> {
    if (!this.#live || Date.now() < this.#tenantsHeldUntil) return load();
    return remember(this.#entries(tenantId).shared, key, load);
  }

  /** `get` for a value made of one customer's rows (`CUSTOMER_TABLES`, and the tenant's). */
  getOfCustomer<T>(tenantId: string, customerId: string, key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    if (!this.#live || now < this.#tenantsHeldUntil || now < this.#customersHeldUntil) return load();
    const { customers } = this.#entries(tenantId);
    let entries = customers.get(customerId);
    if (!entries) {
      if (customers.size >= MAX_CUSTOMERS) customers.delete(customers.keys().next().value!);
      entries = new Map();
      customers.set(customerId, entries);
    }
    return remember(entries, key, load);
  }

  #entries(tenantId: string): TenantEntries {
    let entries = this.#tenants.get(tenantId);
    if (!entries) {
      if (this.#tenants.size >= MAX_TENANTS) this.#tenants.delete(this.#tenants.keys().next().value!);
      entries = { shared: new Map(), customers: new Map() };
      this.#tenants.set(tenantId, entries);
    }
    return entries;
  }
}

/** The entry under `key`, or `load()` stored there (dropped again if it fails or finds nothing). */
function remember<T>(entries: Map<string, Promise<unknown>>, key: string, load: () => Promise<T>): Promise<T> {
  const found = entries.get(key);
  if (found) return found as Promise<T>;
  const promise = load().then(deepFreeze);
  entries.set(key, promise);
  const drop = () => {
    if (entries.get(key) === promise) entries.delete(key);
  };
  promise.then((value) => value === undefined && drop(), drop);
  return promise;
}

/**
 * Carries an instance's cache on its Kysely handle (as `withSecrets` carries the keyring): code that is given `db`
 * finds it with `readCacheOf(db)`. It changes no query; an insert, update or delete of a cached table (in a
 * transaction too) tells the cache `wrote()` once it has run. Raw SQL is not looked into: its changes reach the
 * cache through the notification alone.
 */
class ReadCachePlugin implements KyselyPlugin {
  readonly #writes = new WeakMap<object, 'tenant' | 'customer'>();

  constructor(readonly cache: ReadCache) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const kind = cachedTableWritten(args.node);
    if (kind) this.#writes.set(args.queryId, kind);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const kind = this.#writes.get(args.queryId);
    if (kind) this.cache.wrote(kind);
    return args.result;
  }
}

/** The cache kind a statement writes: its own target's, or a data-modifying `WITH`'s (tenant outranks customer). */
function cachedTableWritten(node: OperationNode): 'tenant' | 'customer' | null {
  let target: OperationNode | undefined;
  let withNode: WithNode | undefined;
  if (InsertQueryNode.is(node)) [target, withNode] = [node.into, node.with];
  else if (UpdateQueryNode.is(node)) [target, withNode] = [node.table, node.with];
  else if (DeleteQueryNode.is(node)) [target, withNode] = [node.from.froms[0], node.with];
  else if (SelectQueryNode.is(node)) withNode = node.with;
  const kinds = (withNode?.expressions ?? []).map((cte) => cachedTableWritten(cte.expression));
  if (target && AliasNode.is(target)) target = target.node;
  if (target && TableNode.is(target)) {
    const table = target.table.identifier.name;
    kinds.push(TENANT_TABLES.has(table) ? 'tenant' : CUSTOMER_TABLES.has(table) ? 'customer' : null);
  }
  return kinds.includes('tenant') ? 'tenant' : kinds.includes('customer') ? 'customer' : null;
}

export function withReadCache<DB>(db: Kysely<DB>, cache: ReadCache): Kysely<DB> {
  return db.withPlugin(new ReadCachePlugin(cache));
}

/**
 * The read cache of a database handle; none inside a transaction (which must see its own writes and the rows it
 * locks) and none for a handle opened without one.
 */
export function readCacheOf<DB>(db: Kysely<DB>): ReadCache | undefined {
  if (db.isTransaction) return undefined;
  const plugins = db.getExecutor().plugins;
  for (let i = plugins.length - 1; i >= 0; i--) {
    const plugin = plugins[i];
    if (plugin instanceof ReadCachePlugin) return plugin.cache;
  }
  return undefined;
}

/** `load()` through the handle's cache, or straight from the database when it has none. */
export function cached<DB, T>(db: Kysely<DB>, tenantId: string, key: string, load: () => Promise<T>): Promise<T> {
  const cache = readCacheOf(db);
  return cache ? cache.get(tenantId, key, load) : load();
}

/** `cached` for a value made of one customer's rows (the tables of migration 009, and the tenant's). */
export function cachedOfCustomer<DB, T>(
  db: Kysely<DB>,
  tenantId: string,
  customerId: string,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  const cache = readCacheOf(db);
  return cache ? cache.getOfCustomer(tenantId, customerId, key, load) : load();
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map) for (const item of value.values()) deepFreeze(item);
    else for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
