/**
 * Part of `npm run bench` (scripts/bench.ts runs it in a process of its own): how the portal's lists scale with the
 * data, one JSON object per line `{ name, value, unit }`. Ratios of two figures measured alike, so the server may
 * run in this process (it does: the data is made with the test helpers first).
 *
 * - invoices API time (median of several requests over real HTTP, with a real session token) for a customer with
 *   100 and one with 100,000 invoices, and their ratio `invoices_list_ratio` (fails above 1.5: keyset paging must
 *   not slow down as data grows);
 * - usage statistics API time (median over real HTTP) for a contract with a month of 1,000 and one with a month of
 *   1,000,000 usage records, and their ratio `usage_stats_ratio` (fails above 3: the daily rollup `usage_daily`
 *   answers a month from at most a month of buckets, however many records it holds); the answers' totals are
 *   checked against the inserted records;
 *
 * Runs on an in-memory PGlite, or on PostgreSQL when DATABASE_URL is set (in a fresh database that is dropped at
 * the end).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createApp } from '../../packages/server/src/app.ts';
import { createSelfServiceLink } from '../../packages/server/src/access/links.ts';
import { openDatabase, type Database } from '../../packages/server/src/db/database.ts';
import { generateSecretKey, parseSecretKey, secretKeyring } from '../../packages/server/src/secrets/secrets.ts';
import { createFreshPostgresDatabase } from '../../packages/server/src/db/fresh-database.ts';
import { addMonths, todayIn } from '../../packages/server/src/contracts/dates.ts';
import { createTenantWithCustomer } from '../../packages/server/src/testing/portal.ts';
import { addMeteredComponents, insertUsageMonth } from '../../packages/server/src/testing/usage.ts';

const MAX_RATIO = 1.5;
const MAX_USAGE_RATIO = 3;
const USAGE_SMALL = 1_000;
const USAGE_LARGE = 1_000_000;
const SAMPLES = 31;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

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
 * Median times of each request, after a warm-up. Requests alternate between the targets so that warm-up and
 * machine noise affect both alike.
 */
async function medians(requests: Array<{ url: string; headers: Record<string, string> }>): Promise<number[]> {
  const times = requests.map(() => [] as number[]);
  for (let i = 0; i < 5 + SAMPLES; i += 1) {
    for (const [index, request] of requests.entries()) {
      const ms = await timedGet(request.url, request.headers);
      if (i >= 5) times[index]!.push(ms);
    }
  }
  return times.map(median);
}

/** Fails unless the statistics' totals are those of the inserted records (API calls first, then storage). */
async function checkUsageTotals(request: {
  url: string;
  headers: Record<string, string>;
  expected: { calls: number; storage: number };
}): Promise<void> {
  const response = await fetch(request.url, { headers: request.headers });
  if (!response.ok) throw new Error(`${request.url}: HTTP ${response.status} ${await response.text()}`);
  const stats = (await response.json()) as { totals: Array<{ quantity: number }> };
  const totals = stats.totals.map((total) => total.quantity);
  if (totals[0] !== request.expected.calls || totals[1] !== request.expected.storage) {
    throw new Error(`${request.url}: totals ${totals.join(', ')}, expected ${JSON.stringify(request.expected)}`);
  }
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
    // A throwaway database: a throwaway secret key.
    database = await openDatabase(fresh ? { kind: 'postgres', url: fresh.url } : { kind: 'memory' }, {
      secrets: secretKeyring(parseSecretKey(generateSecretKey(), 'bench key')),
    });
    const db = database.db;
    const small = await createTenantWithCustomer(db, 'bench-small', { invoices: 100, invoicesPerDay: 60 });
    const large = await createTenantWithCustomer(db, 'bench-large', { invoices: 100_000, invoicesPerDay: 60 });
    // Usage: last month (complete, in the tenants' time zone) with 1,000 and 1,000,000 records.
    const usageMonth = addMonths(`${todayIn('Europe/Berlin').slice(0, 7)}-01`, -1).slice(0, 7);
    const smallUsage = await insertUsageMonth(
      db,
      small,
      await addMeteredComponents(db, small),
      usageMonth,
      USAGE_SMALL,
    );
    const insertStart = process.hrtime.bigint();
    const largeUsage = await insertUsageMonth(
      db,
      large,
      await addMeteredComponents(db, large),
      usageMonth,
      USAGE_LARGE,
    );
    report('usage_insert_1000000_ms', Number(process.hrtime.bigint() - insertStart) / 1e6, 'ms');
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
      const bearer = (customer: { tenantId: string }) => ({ authorization: `Bearer ${sessions[customer.tenantId]!}` });
      const [smallMs, largeMs] = (await medians(
        [small, large].map((customer) => ({
          url: `${base}/api/portal/${customer.tenantId}/invoices?limit=20`,
          headers: bearer(customer),
        })),
      )) as [number, number];
      const ratio = largeMs / smallMs;
      report('invoices_list_100_ms', smallMs, 'ms');
      report('invoices_list_100000_ms', largeMs, 'ms');
      report('invoices_list_ratio', ratio, 'ratio');

      const usageRequests = [
        { customer: small, expected: smallUsage },
        { customer: large, expected: largeUsage },
      ].map(({ customer, expected }) => ({
        url: `${base}/api/portal/${customer.tenantId}/contracts/${customer.contractId}/usage?month=${usageMonth}`,
        headers: bearer(customer),
        expected,
      }));
      for (const request of usageRequests) await checkUsageTotals(request);
      const [usageSmallMs, usageLargeMs] = (await medians(usageRequests)) as [number, number];
      const usageRatio = usageLargeMs / usageSmallMs;
      report('usage_stats_1000_ms', usageSmallMs, 'ms');
      report('usage_stats_1000000_ms', usageLargeMs, 'ms');
      report('usage_stats_ratio', usageRatio, 'ratio');

      let failed = false;
      if (ratio > MAX_RATIO) {
        process.stderr.write(`bench: invoices_list_ratio ${ratio.toFixed(2)} is above ${MAX_RATIO}\n`);
        failed = true;
      }
      if (usageRatio > MAX_USAGE_RATIO) {
        process.stderr.write(`bench: usage_stats_ratio ${usageRatio.toFixed(2)} is above ${MAX_USAGE_RATIO}\n`);
        failed = true;
      }
      return failed ? 1 : 0;
    } finally {
      await app.close();
    }
  } finally {
    await database?.close();
    await fresh?.drop();
  }
}

process.exitCode = await main();
