import path from 'node:path';
import type { DatabaseTarget } from '../db/database.ts';
import { DEFAULT_POOL_SIZE, DEFAULT_POOL_WAIT_MS } from '../db/busy.ts';
import { defaultLimits, type Limits } from '../http/limits.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseTarget;
  /** Directory with the built browser bundle (vite build output). */
  assetsDir: string;
  /** Public base URL used in links (e-mails, start banner). */
  publicUrl: string;
  logLevel: string;
  /** PORTICO_TRUST_PROXY=true: take the client address from X-Forwarded-For (behind a reverse proxy). */
  trustProxy: boolean;
  /** PORTICO_DEMO (on unless `off`): seed the demo merchant and serve its demo site at `/demo-site/`. */
  demo: boolean;
  /** PORTICO_MAX_EVENT_LOOP_DELAY_MS: answer 503 while the event loop lags more than this (0: never). */
  maxEventLoopDelayMs?: number;
  /**
   * PORTICO_DEMO_REMOTE (off unless `true`): serve the demo site and the development mailbox to every client, not
   * only to requests from this machine.
   */
  demoRemote: boolean;
  /**
   * PORTICO_WEBHOOKS_ALLOW_PRIVATE (off unless `true`): send webhooks to this machine and to private networks too
   * (receivers inside the operator's own network). Off, such endpoints are refused when saved and at every delivery.
   */
  webhooksAllowPrivate: boolean;
  /**
   * Overrides of the order rate limits: PORTICO_ORDERS_PER_ADDRESS and PORTICO_ORDERS_PER_TENANT (per ten
   * minutes), PORTICO_ORDERS_IN_FLIGHT (per tenant, at once). For load tests and unusual shops; the defaults are
   * in http/limits.ts.
   */
  limits?: Partial<Limits>;
}

/** A configuration value that cannot work; the message names the variable and what is wrong. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the configuration from environment variables; throws ConfigError with one clear sentence. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const port = parsePort(env.PORT);
  // Loopback unless HOST says otherwise: a server reachable from the network is a decision, not a default.
  const host = env.HOST?.trim() || '127.0.0.1';
  const dataDir = path.resolve(cwd, env.PORTICO_DATA_DIR?.trim() || './data');
  const databaseUrl = env.DATABASE_URL?.trim();
  const pool = {
    size: parseWholeNumber('PORTICO_DB_POOL_SIZE', env.PORTICO_DB_POOL_SIZE, DEFAULT_POOL_SIZE, 1, 1000),
    waitMs: parseWholeNumber('PORTICO_DB_POOL_WAIT_MS', env.PORTICO_DB_POOL_WAIT_MS, DEFAULT_POOL_WAIT_MS, 1, 600_000),
  };
  let database: DatabaseTarget;
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      throw new ConfigError(
        `DATABASE_URL must be a postgres:// or postgresql:// connection string, got "${databaseUrl.split('@').pop()}"`,
      );
    }
    database = { kind: 'postgres', url: databaseUrl, pool };
  } else {
    database = { kind: 'pglite', dataDir: path.join(dataDir, 'pglite'), pool };
  }
  const publicUrl = (env.PORTICO_PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`PORTICO_PUBLIC_URL must be an absolute URL, got "${publicUrl}"`);
  }
  return {
    port,
    host,
    dataDir,
    database,
    assetsDir: path.resolve(cwd, env.PORTICO_ASSETS_DIR?.trim() || 'dist'),
    publicUrl,
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    trustProxy: parseBoolean('PORTICO_TRUST_PROXY', env.PORTICO_TRUST_PROXY),
    demo: parseBoolean('PORTICO_DEMO', env.PORTICO_DEMO ?? 'on'),
    maxEventLoopDelayMs: parseWholeNumber(
      'PORTICO_MAX_EVENT_LOOP_DELAY_MS',
      env.PORTICO_MAX_EVENT_LOOP_DELAY_MS,
      1000,
      0,
      600_000,
    ),
    demoRemote: parseBoolean('PORTICO_DEMO_REMOTE', env.PORTICO_DEMO_REMOTE),
    webhooksAllowPrivate: parseBoolean('PORTICO_WEBHOOKS_ALLOW_PRIVATE', env.PORTICO_WEBHOOKS_ALLOW_PRIVATE),
    limits: orderLimits(env),
  };
}

function orderLimits(env: NodeJS.ProcessEnv): Partial<Limits> {
  const perWindow = (name: string, raw: string | undefined, fallback: Limits['ordersPerAddress']) => ({
    limit: parseWholeNumber(name, raw, fallback.limit, 1, 100_000_000),
    windowSeconds: fallback.windowSeconds,
  });
  return {
    ordersPerAddress: perWindow(
      'PORTICO_ORDERS_PER_ADDRESS',
      env.PORTICO_ORDERS_PER_ADDRESS,
      defaultLimits.ordersPerAddress,
    ),
    ordersPerTenant: perWindow(
      'PORTICO_ORDERS_PER_TENANT',
      env.PORTICO_ORDERS_PER_TENANT,
      defaultLimits.ordersPerTenant,
    ),
    ordersInFlightPerTenant: parseWholeNumber(
      'PORTICO_ORDERS_IN_FLIGHT',
      env.PORTICO_ORDERS_IN_FLIGHT,
      defaultLimits.ordersInFlightPerTenant,
      1,
      1000,
    ),
  };
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 8080;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function parseWholeNumber(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function parseBoolean(name: string, raw: string | undefined): boolean {
  const value = raw?.trim().toLowerCase();
  if (!value) return false;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}
