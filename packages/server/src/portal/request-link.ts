import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { FeatureOptions } from '../context.ts';
import { createSelfServiceLink } from '../access/links.ts';
import type { DB } from '../db/schema.ts';
import { defaultTenantSettings, getTenantSettings, scoped } from '../db/tenant.ts';
import { customerRecipient, sendTemplatedEmail } from '../email/send.ts';
import { EMAIL_MESSAGE, isEmailAddress } from '../customers/validate.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { createRateLimiter, sendRateLimited } from '../http/rate-limit.ts';
import { errors } from '../http/schemas.ts';
import { formatDateTime } from '../i18n/format.ts';
import { portalEmailLanguage } from './context.ts';
import { Accepted, refuseAs, RequestLinkBody, tags, TenantParams } from './schemas.ts';

export const REQUEST_LINK_LIMIT = 5;
export const REQUEST_LINK_WINDOW_SECONDS = 15 * 60;

/**
 * `POST /api/portal/{tenant}/request-link` body `{ contractNumber, email }`: when a person of the contract's
 * customer has that e-mail address, a fresh portal link goes to it. The answer is the same 202 either way, so the
 * form does not reveal who is a customer. At most 5 requests per 15 minutes per IP address and merchant (429), counted
 * in the database so that every server instance counts together.
 */
export const requestLinkRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context: { database } }) => {
  const db = database.db;
  const limiter = createRateLimiter(db, {
    scope: 'request-link',
    limit: REQUEST_LINK_LIMIT,
    windowSeconds: REQUEST_LINK_WINDOW_SECONDS,
  });
  const inFlight = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled(inFlight);
  });

  app.post(
    '/request-link',
    {
      schema: {
        summary: 'Request a new portal link by e-mail',
        description:
          'When a person of the contract’s customer has this e-mail address, a fresh link goes to it. The answer is ' +
          'the same either way.',
        tags,
        params: TenantParams,
        body: RequestLinkBody,
        response: { 202: Accepted, ...errors(400, 404, 429) },
      },
      // An unknown merchant and the rate limit come first: a refused body counts as a request too.
      preValidation: async (request, reply) => {
        const { tenant } = request.params;
        const exists = await db.selectFrom('tenants').where('id', '=', tenant).select('id').executeTakeFirst();
        if (!exists) throw notFound('This merchant');
        const limit = await limiter.hit(tenant, request.ip);
        if (!limit.allowed) return sendRateLimited(reply, limit);
      },
      schemaErrorFormatter: refuseAs('invalid_request', 'Some fields are not valid.'),
    },
    async (request, reply) => {
      const { tenant } = request.params;
      const contractNumber = request.body.contractNumber.trim();
      const email = request.body.email.trim();
      if (!isEmailAddress(email)) {
        throw new HttpError(400, 'invalid_request', 'Some fields are not valid.', { email: EMAIL_MESSAGE });
      }
      // The e-mail (and the link's portal) in the language the form was shown in, else the customer's.
      const named = portalEmailLanguage(request, '');
      // Look up and send after answering, so the answer (and its timing) is the same whether or not they match.
      const work = sendLinkIfMatching(db, tenant, contractNumber, email, named).catch((error: unknown) =>
        request.log.error({ err: error }, 'request-link: sending the link failed'),
      );
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
      return reply.status(202).send({ status: 'accepted' as const });
    },
  );
};

async function sendLinkIfMatching(
  db: Kysely<DB>,
  tenant: string,
  contractNumber: string,
  email: string,
  named: string,
): Promise<void> {
  const match = await scoped(db, tenant)
    .selectFrom('contracts')
    .innerJoin('persons', (join) =>
      join
        .onRef('persons.tenant_id', '=', 'contracts.tenant_id')
        .onRef('persons.customer_id', '=', 'contracts.customer_id'),
    )
    .innerJoin('tenants', 'tenants.id', 'contracts.tenant_id')
    .where('contracts.contract_number', '=', contractNumber)
    .where((eb) => eb(eb.fn('lower', ['persons.email']), '=', email.toLowerCase()))
    .select([
      'contracts.id as contract_id',
      'contracts.customer_id',
      'persons.id as person_id',
      'persons.email',
      'persons.first_name',
      'persons.last_name',
      'tenants.name as tenant_name',
    ])
    .executeTakeFirst();
  if (!match) return;
  await db.transaction().execute(async (trx) => {
    const settings = (await getTenantSettings(trx, tenant)) ?? defaultTenantSettings();
    const language = named || (await customerRecipient(trx, tenant, match.customer_id, settings)).language;
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
        CustomerName: [match.first_name, match.last_name].filter(Boolean).join(' '),
        CompanyName: match.tenant_name,
        ContractNumber: contractNumber,
        SelfServicePortalUrl: link.url,
        PortalLinkExpires: formatDateTime(language, link.expiresAt),
      },
    });
  });
}
