/**
 * `npm run bench`: speed measurements, one JSON object per line `{ name, value, unit }`.
 *
 * - invoices API time (median of several requests over real HTTP, with a real session token) for a customer with
 *   100 and one with 100,000 invoices, and their ratio `invoices_list_ratio` (fails above 1.5: keyset paging must
 *   not slow down as data grows);
 * - `portal_rps`: authenticated portal API requests per second, token verification included, next to
 *   `healthz_rps` in the same run.
 *
 * Runs on an in-memory PGlite, or on PostgreSQL when DATABASE_URL is set (in a fresh database that is dropped at
 * the end).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createApp } from '../packages/server/src/app.ts';
import { createSelfServiceLink } from '../packages/server/src/access/links.ts';
import { openDatabase, type Database } from '../packages/server/src/db/database.ts';
import { createFreshPostgresDatabase } from '../packages/server/src/db/fresh-database.ts';
import { createTenantWithCustomer } from '../packages/server/src/portal/testing.ts';

const MAX_RATIO = 1.5;
const SAMPLES = 31;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function report(name: string, value: number, unit: string): void {
  console.log(JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timedGet(url: string, headers: Record<string, string>): Promise<number> {
  const start = process.hrtime.bigint();
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Median times of the first invoices page for each session, after a warm-up. Requests alternate between the
 * customers so that warm-up and machine noise affect both alike.
 */
async function invoicesMedians(base: string, targets: Array<{ tenant: string; session: string }>): Promise<number[]> {
  const requests = targets.map(({ tenant, session }) => ({
    url: `${base}/api/portal/${tenant}/invoices?limit=20`,
    headers: { authorization: `Bearer ${session}` },
  }));
  const times = requests.map(() => [] as number[]);
  for (let i = 0; i < 5 + SAMPLES; i += 1) {
    for (const [index, request] of requests.entries()) {
      const ms = await timedGet(request.url, request.headers);
      if (i >= 5) times[index]!.push(ms);
    }
  }
  return times.map(median);
}

/** Requests per second of `total` GETs with `concurrency` in flight (bounded: stops after 20 s). */
async function rps(url: string, headers: Record<string, string>, total: number, concurrency = 8): Promise<number> {
  let sent = 0;
  const deadline = Date.now() + 20_000;
  const start = process.hrtime.bigint();
  let done = 0;
  const worker = async () => {
    while (sent < total && Date.now() < deadline) {
      sent += 1;
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function openSession(base: string, tenant: string, token: string): Promise<string> {
  const response = await fetch(`${base}/api/portal/${tenant}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (!response.ok) throw new Error(`session: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { sessionToken: string }).sessionToken;
}

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL?.trim();
  const fresh = databaseUrl ? await createFreshPostgresDatabase(databaseUrl, 'portico_bench') : undefined;
  let database: Database | undefined;
  try {
    database = await openDatabase(fresh ? { kind: 'postgres', url: fresh.url } : { kind: 'memory' });
    const db = database.db;
    const small = await createTenantWithCustomer(db, 'bench-small', { invoices: 100, invoicesPerDay: 60 });
    const large = await createTenantWithCustomer(db, 'bench-large', { invoices: 100_000, invoicesPerDay: 60 });
    await sql`analyze`.execute(db);

    const app = await createApp({
      logger: false,
      database,
      assetsDir: path.join(repoRoot, 'dist'),
      themesDir: path.join(repoRoot, 'themes'),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const sessions: Record<string, string> = {};
      for (const customer of [small, large]) {
        const link = await createSelfServiceLink(db, { tenantId: customer.tenantId, contractId: customer.contractId });
        sessions[customer.tenantId] = await openSession(base, customer.tenantId, link.token);
      }
      const [smallMs, largeMs] = (await invoicesMedians(base, [
        { tenant: small.tenantId, session: sessions[small.tenantId]! },
        { tenant: large.tenantId, session: sessions[large.tenantId]! },
      ])) as [number, number];
      const ratio = largeMs / smallMs;
      report('invoices_list_100_ms', smallMs, 'ms');
      report('invoices_list_100000_ms', largeMs, 'ms');
      report('invoices_list_ratio', ratio, 'ratio');

      const auth = { authorization: `Bearer ${sessions[small.tenantId]!}` };
      report('portal_rps', await rps(`${base}/api/portal/${small.tenantId}/dashboard`, auth, 2000), 'req/s');
      report('healthz_rps', await rps(`${base}/healthz`, {}, 5000), 'req/s');
      if (ratio > MAX_RATIO) {
        process.stderr.write(`bench: invoices_list_ratio ${ratio.toFixed(2)} is above ${MAX_RATIO}\n`);
        return 1;
      }
      return 0;
    } finally {
      await app.close();
    }
  } finally {
    await database?.close();
    await fresh?.drop();
  }
}

process.exitCode = await main();
