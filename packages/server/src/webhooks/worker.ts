import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB, JsonValue } from '../db/schema.ts';
import { scoped } from '../db/tenant.ts';
import { poller, type Poller } from '../polling.ts';
import { signingSecrets } from './endpoints.ts';
import { postJson } from './outgoing.ts';
import { webhookHeaders } from './signature.ts';

/**
 * The wait after each failed attempt (seconds): 5 s, 1 min, 5 min, 30 min, 2 h, 6 h, then every 12 h — 13 attempts
 * over 3⅓ days — each ±20 % at random, so receivers that come back are not met by every sender at once. After the
 * last one the delivery is `failed`; a redelivery (the API) starts it over.
 */
export const RETRY_DELAYS_SECONDS = [5, 60, 300, 1800, 7200, 21600, 43200, 43200, 43200, 43200, 43200, 43200];

/** A claimed delivery stays reserved this long: a request takes at most 10 s, so a live worker finishes in time. */
const LEASE_SECONDS = 60;

export function retryDelaySeconds(attempt: number, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_SECONDS[attempt - 1];
  if (base === undefined) return null;
  return Math.max(1, Math.round(base * (0.8 + 0.4 * random())));
}

export interface WebhookWorkerOptions {
  /** Send to loopback and private addresses too (`PORTICO_WEBHOOKS_ALLOW_PRIVATE`). */
  allowPrivate: boolean;
  batchSize?: number;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** The time of due checks and leases; default the database's `now()`. Signatures carry this process's real time. */
  clock?: () => Date;
  random?: () => number;
}

/** `runOnce` sends every delivery due now and resolves with the number delivered. */
export type WebhookWorker = Poller;

interface Claimed {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  event_id: string;
  payload: Record<string, JsonValue>;
  attempts: number;
}

function nowOf(clock: (() => Date) | undefined) {
  return clock ? sql<Date>`${clock().toISOString()}::timestamptz` : sql<Date>`now()`;
}

/**
 * Claims due deliveries of every tenant (`FOR UPDATE SKIP LOCKED`: any number of instances share the work, never
 * the same row), marking them `sending` with a lease; one whose lease ran out (its worker died) is due again. The
 * attempt number fences the claim.
 */
async function claimDue(db: Kysely<DB>, limit: number, clock?: () => Date): Promise<Claimed[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('webhook_deliveries')
      .where('status', 'in', ['pending', 'sending'])
      .where('next_attempt_at', '<=', nowOf(clock))
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .select(['id', 'tenant_id', 'endpoint_id', 'event_id', 'payload', 'attempts'])
      .execute();
    for (const row of rows) {
      await scoped(trx, row.tenant_id)
        .updateTable('webhook_deliveries')
        .set({
          status: 'sending',
          attempts: sql<number>`attempts + 1`,
          last_attempt_at: nowOf(clock),
          next_attempt_at: sql<Date>`${nowOf(clock)} + make_interval(secs => ${LEASE_SECONDS})`,
        })
        .where('id', '=', row.id)
        .execute();
    }
    return rows.map((row) => ({ ...row, attempts: row.attempts + 1 }));
  });
}

/**
 * Delivers the webhook outbox: each due delivery POSTed to its endpoint, signed (`signature.ts`), under the outgoing
 * rules of `outgoing.ts`; a 2xx answer is success, anything else (a redirect too) or no answer is retried after
 * `retryDelaySeconds`. Every attempt is logged in `webhook_attempts`.
 */
export function createWebhookWorker(db: Kysely<DB>, options: WebhookWorkerOptions): WebhookWorker {
  const batchSize = options.batchSize ?? 20;

  async function deliver(row: Claimed): Promise<boolean> {
    const scope = scoped(db, row.tenant_id);
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const endpoint = await scope
        .selectFrom('webhook_endpoints')
        .where('id', '=', row.endpoint_id)
        .select([
          'id',
          'tenant_id',
          'url',
          'active',
          'secret_sealed',
          'previous_secret_sealed',
          'previous_secret_expires_at',
        ])
        .executeTakeFirstOrThrow();
      // Signed with the real time, which receivers compare with their clock (the worker's `clock` only moves due times).
      const now = new Date();
      const body = JSON.stringify(row.payload);
      const headers = webhookHeaders(
        signingSecrets(db, endpoint, now),
        row.event_id,
        Math.floor(now.getTime() / 1000),
        body,
      );
      const answer = await postJson(endpoint.url, headers, body, options.allowPrivate);
      status = answer.status;
      if (status < 200 || status >= 300)
        error = `answered ${status}${answer.body ? `: ${answer.body.slice(0, 200)}` : ''}`;
    } catch (failure) {
      error = (failure instanceof Error ? failure.message : String(failure)).slice(0, 1000);
    }
    const delivered = error === null;
    const delay = delivered ? null : retryDelaySeconds(row.attempts, options.random);
    await db.transaction().execute(async (trx) => {
      const updated = await scoped(trx, row.tenant_id)
        .updateTable('webhook_deliveries')
        .set(
          delivered
            ? { status: 'delivered', delivered_at: nowOf(options.clock), response_status: status, last_error: null }
            : {
                status: delay === null ? 'failed' : 'pending',
                response_status: status,
                last_error: error,
                next_attempt_at: sql<Date>`${nowOf(options.clock)} + make_interval(secs => ${delay ?? 0})`,
              },
        )
        .where('id', '=', row.id)
        .where('status', '=', 'sending')
        .where('attempts', '=', row.attempts)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return; // the claim was lost meanwhile: the new claim logs its own attempt
      await scoped(trx, row.tenant_id)
        .insertInto('webhook_attempts', {
          delivery_id: row.id,
          attempt: row.attempts,
          response_status: status,
          error,
          duration_ms: Date.now() - started,
        })
        .execute();
    });
    if (!delivered) {
      options.logger?.warn(
        { deliveryId: row.id, tenantId: row.tenant_id, attempt: row.attempts, failed: delay === null, err: error },
        'webhook delivery failed',
      );
    }
    return delivered;
  }

  async function round(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const rows = await claimDue(db, batchSize, options.clock);
      const results = await Promise.all(rows.map(deliver));
      delivered += results.filter(Boolean).length;
      if (rows.length < batchSize || poll.stopped) return delivered;
    }
  }

  const poll = poller(round, (error) => options.logger?.error({ err: error }, 'webhook worker round failed'));
  return poll;
}
