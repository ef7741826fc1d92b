/**
 * `npm run bench`: the server as `npm start` runs it (the compiled server, packages/server/dist/main.js, in a
 * process of its own) under load from this process (autocannon), one JSON object per line:
 * `{ engine, name, value, unit, p99_ms?, ratio?, target?, verdict? }`.
 *
 * For each engine — PGlite on an on-disk data directory (a fresh temporary one, never ./data) and, when
 * `PORTICO_TEST_DATABASE_URL` is set, PostgreSQL (a fresh database beside it, dropped at the end):
 * - `start_ms_empty`: spawn to the first `/healthz` 200 on an empty data directory or database (the demo is
 *   seeded), `start_ms` the same on the reused one, `idle_rss_mb` the server's resident memory 5 s later;
 * - requests per second (2xx answers only) and p99 latency of `/healthz`, the portal dashboard (a session token
 *   from the start banner's portal link), a signup page's config, an order preview and real orders (SEPA, a fresh
 *   customer each; the order rate limits raised through PORTICO_ORDERS_PER_ADDRESS/_PER_TENANT), each with its
 *   ratio to `healthz_rps`.
 * On PGlite, the browser figures of scripts/bench/browser.ts: `signup_tbt_ms` (the hosted signup page) and
 * `embed_host_tbt_ms` (the demo site's page with the inline signup element), total blocking time at 4× CPU
 * throttling, each page's longest task and its longest task of Portico's scripts (`embed_host_portico_task_ms`: the
 * host page's own scripts are the merchant's). Then the list-scaling figures of scripts/bench/scaling.ts (invoices 100 vs 100,000, usage 1,000 vs 1,000,000).
 *
 * BENCH_SECONDS (default 10) is each load's duration; BENCH_BROWSER=off and BENCH_SCALING=off leave those figures
 * out.
 * Exits 1 when a figure misses its target.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFreshPostgresDatabase } from '../packages/server/src/db/fresh-database.ts';
import { blockingTimes } from './bench/browser.ts';
import { load, type LoadTarget } from './bench/load.ts';
import { rssMb, startBenchServer } from './bench/server.ts';
import { buildServer, serverBuildStale, serverEntry } from './build-server.mjs';

type Engine = 'pglite' | 'postgres';
interface Target {
  /** `value <= max` or `value >= min` (of the ratio when `ofRatio`). */
  max?: number;
  min?: number;
  ofRatio?: boolean;
  why: string;
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The targets of issue 13; PGlite's are twice the figures measured before it (portal 234 of 15.8k req/s). */
const TARGETS: Record<Engine, Record<string, Target>> = {
  postgres: {
    start_ms: { max: 5000, why: 'reused database' },
    idle_rss_mb: { max: 300, why: 'idle' },
    portal_rps: { min: 0.15, ofRatio: true, why: '≥ 0.15 × healthz_rps' },
    orders_rps: { min: 0.02, ofRatio: true, why: '≥ 0.02 × healthz_rps' },
  },
  pglite: {
    start_ms: { max: 5000, why: 'reused data dir' },
    embed_host_tbt_ms: { max: 250, why: "Lighthouse's budget" },
    embed_host_portico_task_ms: { max: 50, why: "no long task of Portico's on the host page" },
    portal_rps: { min: 0.03, ofRatio: true, why: '2 × the 0.015 × healthz_rps measured before' },
  },
};

let failed = false;

function report(
  engine: Engine | null,
  name: string,
  value: number,
  unit: string,
  extra: { p99Ms?: number; ratio?: number } = {},
): void {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const line: Record<string, unknown> = { ...(engine ? { engine } : {}), name, value: round(value), unit };
  if (extra.p99Ms !== undefined) line.p99_ms = round(extra.p99Ms);
  if (extra.ratio !== undefined) line.ratio = round(extra.ratio);
  const target = engine ? TARGETS[engine][name] : undefined;
  if (target) {
    const measured = target.ofRatio ? extra.ratio! : value;
    const ok = target.max !== undefined ? measured <= target.max : measured >= target.min!;
    line.target = target.max !== undefined ? `≤ ${target.max} (${target.why})` : `${target.why}`;
    line.verdict = ok ? 'met' : 'missed';
    if (!ok) failed = true;
  }
  console.log(JSON.stringify(line));
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

let orderCounter = 0;
function orderBody(variantId: string): string {
  orderCounter += 1;
  return JSON.stringify({
    planVariantId: variantId,
    components: {},
    customer: {
      email: `bench${orderCounter}.${process.pid}.${Date.now()}@example.com`,
      firstName: 'Mia',
      lastName: 'Keller',
      street: 'Hauptstraße',
      houseNumber: '5',
      postalCode: '10115',
      city: 'Berlin',
      country: 'DE',
    },
    acceptedTerms: ['terms', 'privacy'],
    payment: { kind: 'sepa', holder: 'Mia Keller', iban: 'DE89 3704 0044 0532 0130 00' },
    language: 'en',
  });
}

async function benchEngine(engine: Engine, env: Record<string, string>, browser: boolean): Promise<void> {
  const serverEnv = {
    ...env,
    PORTICO_ORDERS_PER_ADDRESS: '100000000',
    PORTICO_ORDERS_PER_TENANT: '100000000',
  };
  const empty = await startBenchServer(serverEnv);
  await empty.stop();
  report(engine, 'start_ms_empty', empty.startMs, 'ms');
  const server = await startBenchServer(serverEnv);
  try {
    report(engine, 'start_ms', server.startMs, 'ms');
    await new Promise((resolve) => setTimeout(resolve, 5000));
    report(engine, 'idle_rss_mb', rssMb(server.pid), 'MB');

    const base = server.base;
    const portalLink = /Customer portal: +(\S+)/.exec(server.banner)?.[1];
    const variantId = /Signup page: +\S+\/demo\/signup\/(\S+)/.exec(server.banner)?.[1];
    if (!portalLink || !variantId) throw new Error(`no demo links in the banner:\n${server.banner}`);
    const token = new URL(portalLink).hash.replace(/^#token=/, '');
    const { sessionToken } = await json<{ sessionToken: string }>(
      await fetch(`${base}/api/portal/demo/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      }),
    );
    const preview = JSON.stringify({
      planVariantId: variantId,
      components: {},
      customer: { country: 'DE', postalCode: '10115' },
      language: 'en',
    });
    const targets: Array<[string, LoadTarget, number]> = [
      ['healthz_rps', { url: `${base}/healthz` }, CONNECTIONS],
      [
        'portal_rps',
        { url: `${base}/api/portal/demo/dashboard`, headers: { authorization: `Bearer ${sessionToken}` } },
        CONNECTIONS,
      ],
      ['signup_config_rps', { url: `${base}/api/signup/demo/plan-variants/${variantId}/config` }, CONNECTIONS],
      ['preview_rps', { url: `${base}/api/signup/demo/preview`, method: 'POST', body: () => preview }, CONNECTIONS],
      // As many at once as one process places for a tenant (PORTICO_ORDERS_IN_FLIGHT, 4); more would be 503s.
      ['orders_rps', { url: `${base}/api/signup/demo/orders`, method: 'POST', body: () => orderBody(variantId) }, 4],
    ];
    // Each target answers once before it is measured (a wrong body fails here, not as a run of 4xx).
    for (const [name, target] of targets) {
      const response = await fetch(target.url, {
        method: target.method ?? 'GET',
        headers: {
          ...target.headers,
          ...(target.body ? { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() } : {}),
        },
        ...(target.body ? { body: target.body() } : {}),
      });
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    }
    let healthz = 0;
    for (const [name, target, connections] of targets) {
      const result = await load(target, SECONDS, connections);
      if (name === 'healthz_rps') healthz = result.rps;
      report(engine, name, result.rps, 'req/s', { p99Ms: result.p99Ms, ratio: result.rps / healthz });
      if (result.non2xx > 0) process.stderr.write(`bench: ${engine} ${name}: ${result.non2xx} answers not 2xx\n`);
    }
    if (browser) {
      // localhost: the public address the pages and the embed are configured for (PORTICO_PUBLIC_URL's default).
      const site = base.replace('127.0.0.1', 'localhost');
      const times = await blockingTimes({
        signup: `${site}/demo/signup/${variantId}`,
        embed_host: `${site}/demo-site/signup-inline.html`,
      });
      for (const [page, time] of Object.entries(times)) {
        report(engine, `${page}_tbt_ms`, time.tbtMs, 'ms');
        report(engine, `${page}_longest_task_ms`, time.longestTaskMs, 'ms');
        report(engine, `${page}_portico_task_ms`, time.porticoLongestTaskMs, 'ms');
      }
    }
  } finally {
    await server.stop();
  }
}

function runScaling(env: Record<string, string>): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/bench/scaling.ts')], {
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });
    child.on('exit', resolve);
  });
}

async function main(): Promise<void> {
  if (serverBuildStale()) await buildServer();
  process.stderr.write(
    `bench: ${serverEntry}, ${SECONDS} s per load; load average ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')} ` + `on ${os.cpus().length} CPUs (other work on the machine lowers every figure)\n`,
  );
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portico-bench-'));
  try {
    await benchEngine('pglite', { PORTICO_DATA_DIR: dataDir }, process.env.BENCH_BROWSER !== 'off');
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const postgres = process.env.PORTICO_TEST_DATABASE_URL?.trim();
  if (postgres) {
    const fresh = await createFreshPostgresDatabase(postgres, 'portico_bench');
    const pgDataDir = await mkdtemp(path.join(os.tmpdir(), 'portico-bench-pg-'));
    try {
      await benchEngine(
        'postgres',
        {
          DATABASE_URL: fresh.url,
          PORTICO_SECRET_KEY: randomBytes(32).toString('base64'),
          PORTICO_DATA_DIR: pgDataDir,
        },
        false,
      );
    } finally {
      await fresh.drop();
      await rm(pgDataDir, { recursive: true, force: true });
    }
  }
  if (process.env.BENCH_SCALING !== 'off') {
    if ((await runScaling({ DATABASE_URL: '' })) !== 0) failed = true;
    if (postgres && (await runScaling({ DATABASE_URL: postgres })) !== 0) failed = true;
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
