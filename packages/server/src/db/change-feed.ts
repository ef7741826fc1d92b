import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { ReadCache } from './read-cache.ts';

/** The channel migration 007's triggers notify, with the changed tenant's id. */
export const CACHE_CHANNEL = 'portico_cache';

/** How long to wait before listening again after the PostgreSQL connection was lost. */
const RECONNECT_MS = 1000;

/** Listens for cache notifications on behalf of a cache; `stop()` ends it. */
export interface ChangeFeed {
  stop(): Promise<void>;
}

/** PGlite is one session in this process: it hears its own notifications as they commit. */
export async function listenOnPglite(client: PGlite, cache: ReadCache): Promise<ChangeFeed> {
  const unlisten = await client.listen(CACHE_CHANNEL, (payload) => cache.changed(payload || null));
  cache.setLive(true);
  return {
    stop: async () => {
      cache.setLive(false);
      if (!client.closed) await unlisten();
    },
  };
}

/**
 * PostgreSQL: one connection of its own that LISTENs. While it is down the cache keeps nothing (reads go to the
 * database), and it connects again after a second; being back drops everything, since changes may have been missed.
 */
export async function listenOnPostgres(url: string, cache: ReadCache): Promise<ChangeFeed> {
  let stopped = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    const lost = () => {
      if (client !== next) return;
      client = undefined;
      cache.setLive(false);
      next.end().catch(() => undefined);
      if (!stopped) timer = setTimeout(() => void connect().catch(() => undefined), RECONNECT_MS).unref();
    };
    client = next;
    next.on('error', lost);
    next.on('end', lost);
    next.on('notification', (message) => {
      if (message.channel === CACHE_CHANNEL) cache.changed(message.payload || null);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CACHE_CHANNEL}`);
    } catch (error) {
      lost();
      throw error;
    }
    if (client === next && !stopped) cache.setLive(true);
  };
  // Not hearing notifications is no reason to refuse to start: the cache stays off until the connection is made.
  await connect().catch(() => undefined);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      cache.setLive(false);
      const last = client;
      client = undefined;
      await last?.end().catch(() => undefined);
    },
  };
}
