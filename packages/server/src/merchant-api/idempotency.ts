import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { merchantOf } from './api-keys.ts';

/** How long an answer is kept and replayed. */
const KEEP_HOURS = 24;
/** A request still running after this long is taken to have died with its instance: the key may be used again. */
const ABANDONED_AFTER_SECONDS = 120;
/** How long a request waits for another one with its key to finish before it is answered 409. */
const WAIT_MS = 30_000;
const POLL_MS = 25;
const MAX_KEY_LENGTH = 255;
const PRUNE_EVERY_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    /** The Idempotency-Key this request claimed (it runs, and its answer is kept); null otherwise. */
    idempotencyClaim: { tenantId: string; key: string } | null;
  }
}

type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; statusCode: number; contentType: string | null; body: string }
  | { kind: 'other-request' }
  | { kind: 'busy' };

/**
 * `Idempotency-Key` on every POST of the merchant API. The first request with a key claims it (a row in
 * `idempotency_keys`, committed before it runs) and its answer is kept for 24 hours; a repeat with the same key and
 * the same request (method, path and body) gets that answer again, with `Idempotent-Replayed: true`, and changes
 * nothing; the same key with another request is a 422 `idempotency_key_reused`. A repeat that comes while the first
 * still runs — on any instance — waits for its answer (up to 30 s, then 409 `idempotency_key_in_use`), so any number
 * of concurrent requests with one key have one effect. An answer of 500 or above is not kept: the key is free
 * for a retry. Requests the route's schema refuses never claim a key.
 */
export function merchantIdempotency(app: FastifyInstance, db: Kysely<DB>): void {
  let prunedAt = 0;
  app.decorateRequest('idempotencyClaim', null);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST') return undefined;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return undefined;
    const key = typeof header === 'string' ? header.trim() : '';
    if (!key || key.length > MAX_KEY_LENGTH) {
      throw new HttpError(
        400,
        'invalid_idempotency_key',
        `Send an Idempotency-Key of 1 to ${MAX_KEY_LENGTH} characters (a UUID is a good choice).`,
      );
    }
    const { tenantId } = merchantOf(request);
    if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
      prunedAt = Date.now();
      await db
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${KEEP_HOURS})`)
        .execute();
    }
    const hash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const claim = await claimKey(db, tenantId, key, hash);
    switch (claim.kind) {
      case 'claimed':
        request.idempotencyClaim = { tenantId, key };
        return undefined;
      case 'replay':
        reply.code(claim.statusCode).header('idempotent-replayed', 'true');
        if (claim.contentType) reply.header('content-type', claim.contentType);
        return reply.send(claim.body);
      case 'other-request':
        throw new HttpError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request (another path or body). Use a new key for a new request.',
        );
      case 'busy':
        throw new HttpError(
          409,
          'idempotency_key_in_use',
          'A request with this Idempotency-Key is still being processed. Try again in a moment to get its answer.',
        );
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = null;
    const where = { tenant: claim.tenantId, key: claim.key };
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    if (reply.statusCode >= 500 || body === null) {
      await release(db, where);
      return payload;
    }
    const contentType = reply.getHeader('content-type');
    await db
      .updateTable('idempotency_keys')
      .set({
        completed_at: sql<Date>`now()`,
        status_code: reply.statusCode,
        content_type: typeof contentType === 'string' ? contentType : null,
        response_body: body,
      })
      .where('tenant_id', '=', where.tenant)
      .where('idempotency_key', '=', where.key)
      .execute();
    return payload;
  });

  // A request that ends without an answer (the client went away before the handler finished) frees its key.
  app.addHook('onResponse', async (request) => {
    const claim = request.idempotencyClaim;
    if (claim) await release(db, { tenant: claim.tenantId, key: claim.key });
  });
}

function release(db: Kysely<DB>, where: { tenant: string; key: string }) {
  return db
    .deleteFrom('idempotency_keys')
    .where('tenant_id', '=', where.tenant)
    .where('idempotency_key', '=', where.key)
    .where('completed_at', 'is', null)
    .execute();
}

/** Claims the key for this request, or finds the answer to replay, waiting while another request holds it. */
async function claimKey(db: Kysely<DB>, tenantId: string, key: string, hash: string): Promise<Claim> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({ tenant_id: tenantId, idempotency_key: key, request_hash: hash })
      .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
      .returning('tenant_id')
      .executeTakeFirst();
    if (inserted) return { kind: 'claimed' };
    const row = await db
      .selectFrom('idempotency_keys')
      .where('tenant_id', '=', tenantId)
      .where('idempotency_key', '=', key)
      .select([
        'request_hash',
        'completed_at',
        'status_code',
        'content_type',
        'response_body',
        sql<boolean>`created_at < now() - make_interval(hours => ${KEEP_HOURS})`.as('expired'),
        sql<boolean>`created_at < now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS})`.as('abandoned'),
      ])
      .executeTakeFirst();
    if (!row) continue; // released or pruned meanwhile: claim it again
    if (row.expired || (row.completed_at === null && row.abandoned)) {
      await db
        .deleteFrom('idempotency_keys')
        .where('tenant_id', '=', tenantId)
        .where('idempotency_key', '=', key)
        .where('request_hash', '=', row.request_hash)
        .where('completed_at', row.completed_at === null ? 'is' : '=', row.completed_at)
        .execute();
      continue;
    }
    if (row.request_hash !== hash) return { kind: 'other-request' };
    if (row.completed_at !== null) {
      return {
        kind: 'replay',
        statusCode: row.status_code ?? 200,
        contentType: row.content_type,
        body: row.response_body ?? '',
      };
    }
    if (Date.now() > deadline) return { kind: 'busy' };
    await sleep(POLL_MS);
  }
}
