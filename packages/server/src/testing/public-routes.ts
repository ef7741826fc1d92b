import type { FastifyInstance } from 'fastify';
import { createSelfServiceLink } from '../access/links.ts';
import type { Database } from '../db/database.ts';
import { createApiKey } from '../merchant-api/api-keys.ts';
import { testApp } from './app.ts';
import { openSession } from './portal.ts';

/**
 * Everything a test needs to call every public route of the demo merchant with real credentials: the app on a copy of
 * the seeded demo (`describeEachDemoDatabase`), a variant open for signup, a contract and its owner, a portal session
 * token, a merchant API key and a valid sandbox card token.
 */
export interface PublicRoutes {
  app: FastifyInstance;
  tenant: string;
  variantId: string;
  contractId: string;
  personId: string;
  session: string;
  apiKey: string;
  cardToken: string;
}

export async function publicRoutes(database: Database): Promise<PublicRoutes> {
  const db = database.db;
  const app = await testApp(database);
  const variant = await db
    .selectFrom('plan_variants')
    .where('tenant_id', '=', 'demo')
    .where('allow_signup', '=', true)
    .select('id')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const contract = await db
    .selectFrom('contracts')
    .where('tenant_id', '=', 'demo')
    .where('contract_number', '=', '20001')
    .select(['id', 'customer_id'])
    .executeTakeFirstOrThrow();
  const owner = await db
    .selectFrom('persons')
    .where('tenant_id', '=', 'demo')
    .where('customer_id', '=', contract.customer_id)
    .where('role', '=', 'owner')
    .select('id')
    .executeTakeFirstOrThrow();
  const { token } = await createSelfServiceLink(db, {
    tenantId: 'demo',
    contractId: contract.id,
    personId: owner.id,
  });
  const session = await openSession(app, 'demo', token);
  const apiKey = await createApiKey(db, 'demo', 'hostile input');
  const card = await app.inject({
    method: 'POST',
    url: '/api/payments/sandbox/demo/tokens',
    payload: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2040, cvc: '123', holder: 'Mia Keller' },
  });
  if (card.statusCode !== 200) throw new Error(`card token: ${card.statusCode} ${card.body}`);
  return {
    app,
    tenant: 'demo',
    variantId: variant.id,
    contractId: contract.id,
    personId: owner.id,
    session,
    apiKey,
    cardToken: (card.json() as { token: string }).token,
  };
}
