import {
  AliasNode,
  TableNode,
  type Kysely,
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

/**
 * After this instance itself writes a cached table through Kysely, it keeps nothing for this long: its own next
 * read must see the write even before the notification of the commit has come back (on PostgreSQL it travels
 * through the listening connection). The notification then empties the cache as for any change.
 */
const OWN_WRITE_HOLD_MS = 1000;

/** The tables whose rows the cache holds (migration 007 puts its trigger on each). */
const CACHED_TABLES = new Set([
  'tenants',
  'tenant_settings',
  'product_families',
  'plans',
  'plan_variants',
  'components',
]);

/**
 * Read-mostly rows of each tenant (its settings, the catalog its signup page shows), kept in memory by one server
 * instance. Whatever changes them — any code of any instance, or an operator in psql — makes PostgreSQL (or PGlite)
 * notify the tenant's id when the change commits (migration 007's triggers); `changed(tenantId)` then drops what is
 * held of the tenant, and the next request loads it again.
 *
 * An entry is stored when its load starts, so a change notified while the load runs drops that load too: a value read
 * before a change never outlives its notification. While the instance cannot hear notifications (a lost PostgreSQL
 * connection, until it is back), nothing is kept and every read goes to the database.
 *
 * Values are frozen: callers share them.
 */
export class ReadCache {
  readonly #tenants = new Map<string, Map<string, Promise<unknown>>>();
  #live = false;
  #heldUntil = 0;

  /** Whether notifications arrive (values are kept only then). Going live or losing it drops everything. */
  setLive(live: boolean): void {
    this.#live = live;
    this.#tenants.clear();
  }

  get live(): boolean {
    return this.#live;
  }

  /** This instance wrote a cached table (`ReadCachePlugin`): keep nothing for a moment, and drop what is held. */
  wrote(): void {
    this.#heldUntil = Date.now() + OWN_WRITE_HOLD_MS;
    this.#tenants.clear();
  }

  /** A change of the tenant's cached tables was notified (`null`: of any tenant). */
  changed(tenantId: string | null): void {
    if (tenantId === null) this.#tenants.clear();
    else this.#tenants.delete(tenantId);
  }

  /**
   * The tenant's value under `key`, from memory or from `load`. A failed load is not kept, nor `undefined` (what is
   * not there: an unknown tenant or id must not take the place of a known one).
   */
  get<T>(tenantId: string, key: string, load: () => Promise<T>): Promise<T> {
    if (!this.#live || Date.now() < this.#heldUntil) return load();
    let entries = this.#tenants.get(tenantId);
    const found = entries?.get(key);
    if (found) return found as Promise<T>;
    if (!entries) {
      if (this.#tenants.size >= MAX_TENANTS) this.#tenants.delete(this.#tenants.keys().next().value!);
      entries = new Map();
      this.#tenants.set(tenantId, entries);
    }
    const held = entries;
    const promise = load().then(deepFreeze);
    held.set(key, promise);
    const drop = () => {
      if (held.get(key) === promise) held.delete(key);
    };
    promise.then((value) => value === undefined && drop(), drop);
    return promise;
  }
}

/**
 * Carries an instance's cache on its Kysely handle (as `withSecrets` carries the keyring): code that is given `db`
 * finds it with `readCacheOf(db)`. It changes no query; an insert, update or delete of a cached table (in a
 * transaction too) tells the cache `wrote()` once it has run. Raw SQL is not looked into: its changes reach the
 * cache through the notification alone.
 */
class ReadCachePlugin implements KyselyPlugin {
  readonly #writes = new WeakSet<object>();

  constructor(readonly cache: ReadCache) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (writesCachedTable(args.node)) this.#writes.add(args.queryId);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.#writes.has(args.queryId)) this.cache.wrote();
    return args.result;
  }
}

function writesCachedTable(node: RootOperationNode): boolean {
  let target: OperationNode | undefined;
  if (node.kind === 'InsertQueryNode') target = node.into;
  else if (node.kind === 'UpdateQueryNode') target = node.table;
  else if (node.kind === 'DeleteQueryNode') target = node.from.froms[0];
  if (target && AliasNode.is(target)) target = target.node;
  return Boolean(target && TableNode.is(target) && CACHED_TABLES.has(target.table.identifier.name));
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

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (value instanceof Map) for (const item of value.values()) deepFreeze(item);
    else for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
