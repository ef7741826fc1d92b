import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppContext } from '../app.ts';
import { createSelfServiceLink } from '../access/links.ts';
import type { DB } from '../db/schema.ts';
import { getTenantSettings } from '../db/tenant.ts';
import { customerRecipient, sendTemplatedEmail } from '../email/send.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { formatDateTime } from '../i18n/format.ts';

export const REQUEST_LINK_LIMIT = 5;
export const REQUEST_LINK_WINDOW_MS = 15 * 60 * 1000;

/**
 * `POST /api/portal/{tenant}/request-link` body `{ contractNumber, email }`: when a person of the contract's
 * customer has that e-mail address, a fresh portal link goes to it. The answer is the same 202 either way, so the
 * form does not reveal who is a customer. At most 5 requests per 15 minutes per IP address and merchant (429).
 */
export function registerRequestLinkRoute(app: FastifyInstance, { database }: AppContext): void {
  const db = database.db;
  const attempts = new Map<string, number[]>();
  const inFlight = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled(inFlight);
  });

  app.post<{ Params: { tenant: string }; Body: unknown }>(
    '/api/portal/:tenant/request-link',
    async (request, reply) => {
      const { tenant } = request.params;
      const now = Date.now();
      const key = `${request.ip}\u0000${tenant}`;
      const recent = (attempts.get(key) ?? []).filter((time) => now - time < REQUEST_LINK_WINDOW_MS);
      if (recent.length >= REQUEST_LINK_LIMIT) {
        const retryAfter = Math.ceil((recent[0]! + REQUEST_LINK_WINDOW_MS - now) / 1000);
        attempts.set(key, recent);
        return reply
          .status(429)
          .header('retry-after', String(retryAfter))
          .send({ error: { code: 'rate_limited', message: 'Too many requests. Please try again later.' } });
      }
      recent.push(now);
      attempts.set(key, recent);
      if (attempts.size > 10_000) prune(attempts, now);

      const input = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      const fields: Record<string, string> = {};
      const contractNumber = typeof input.contractNumber === 'string' ? input.contractNumber.trim() : '';
      const email = typeof input.email === 'string' ? input.email.trim() : '';
      if (!contractNumber || contractNumber.length > 64) fields.contractNumber = 'your contract number';
      if (!email || email.length > 254 || !email.includes('@')) fields.email = 'your e-mail address';
      if (Object.keys(fields).length) throw new HttpError(400, 'invalid_request', 'Some fields are not valid.', fields);

      const tenantRow = await db.selectFrom('tenants').where('id', '=', tenant).select('name').executeTakeFirst();
      if (!tenantRow) throw notFound('This merchant');
      // Look up and send after answering, so the answer (and its timing) is the same whether or not they match.
      const work = sendLinkIfMatching(db, tenant, tenantRow.name, contractNumber, email).catch((error: unknown) =>
        request.log.error({ err: error }, 'request-link: sending the link failed'),
      );
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
      return reply.status(202).send({ status: 'accepted' });
    },
  );
}

function prune(attempts: Map<string, number[]>, now: number): void {
  for (const [key, times] of attempts) {
    if (times.every((time) => now - time >= REQUEST_LINK_WINDOW_MS)) attempts.delete(key);
  }
}

async function sendLinkIfMatching(
  db: Kysely<DB>,
  tenant: string,
  tenantName: string,
  contractNumber: string,
  email: string,
): Promise<void> {
  const match = await db
    .selectFrom('contracts')
    .innerJoin('persons', (join) =>
      join
        .onRef('persons.tenant_id', '=', 'contracts.tenant_id')
        .onRef('persons.customer_id', '=', 'contracts.customer_id'),
    )
    .where('contracts.tenant_id', '=', tenant)
    .where('contracts.contract_number', '=', contractNumber)
    .where((eb) => eb(eb.fn('lower', ['persons.email']), '=', email.toLowerCase()))
    .select([
      'contracts.id as contract_id',
      'contracts.customer_id',
      'persons.id as person_id',
      'persons.email',
      'persons.first_name',
      'persons.last_name',
    ])
    .executeTakeFirst();
  if (!match) return;
  await db.transaction().execute(async (trx) => {
    const settings = (await getTenantSettings(trx, tenant))!;
    const { language } = await customerRecipient(trx, tenant, match.customer_id, settings);
    // The portal opens in the language of the e-mail.
    const link = await createSelfServiceLink(trx, {
      tenantId: tenant,
      contractId: match.contract_id,
      personId: match.person_id,
      language,
    });
    await sendTemplatedEmail(trx, tenant, settings, {
      to: match.email,
      template: 'requestLink',
      language,
      values: {
        CustomerName: [match.first_name, match.last_name].filter(Boolean).join(' ') || match.email,
        CompanyName: tenantName,
        ContractNumber: contractNumber,
        SelfServicePortalUrl: link.url,
        PortalLinkExpires: formatDateTime(language, link.expiresAt),
      },
    });
  });
}
