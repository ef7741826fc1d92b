import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/** How many tenants an instance keeps in memory at most (the least recently loaded one goes first). */
const MAX_TENANTS = 1000;

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

  /** Whether notifications arrive (values are kept only then). Going live or losing it drops everything. */
  setLive(live: boolean): void {
    this.#live = live;
    this.#tenants.clear();
  }

  get live(): boolean {
    return this.#live;
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
    if (!this.#live) return load();
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
 * finds it with `readCacheOf(db)`. It changes no query.
 */
class ReadCachePlugin implements KyselyPlugin {
  constructor(readonly cache: ReadCache) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
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
