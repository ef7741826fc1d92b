import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app.ts';
import { openDatabase } from '../db/database.ts';
import { seedDemo } from '../db/seed.ts';
import { createSelfServiceLink } from '../access/links.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Ids from the demo seed that browser tests need (the seed makes random uuids). */
export interface TestFixtures {
  tenant: string;
  signupVariantId: string;
  closedVariantId: string | null;
  /** The demo contract 20001 (customer 10001, which has an owner, an admin and a member). */
  portalContractId: string;
  portalContractNumber: string;
  /** The e-mail of that contract's owner (for the request-a-link form). */
  portalOwnerEmail: string;
  /** A self-service token of the contract's owner: every permission. */
  portalToken: string;
  /** Another owner token, for tests that log out (a logout revokes its token). */
  revocableToken: string;
  /** A self-service token of the member of the same customer: only the `usage` permission. */
  memberToken: string;
  /** An owner token whose link opens the invoices (deep link, action `invoices`). */
  invoicesLinkToken: string;
}

/**
 * A real Portico server on an in-memory PGlite with the demo seed, listening on a free localhost
 * port: for component tests, which reach it through the test runner's pass-through.
 */
export async function startTestServer() {
  const database = await openDatabase({ kind: 'memory' });
  await seedDemo(database.db);
  const app = await createApp({
    logger: false,
    database,
    assetsDir: path.join(repoRoot, 'dist'),
    themesDir: path.join(repoRoot, 'themes'),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const variants = await database.db
    .selectFrom('plan_variants')
    .where('tenant_id', '=', 'demo')
    .select(['id', 'allow_signup'])
    .orderBy('position')
    .execute();
  const open = variants.find((variant) => variant.allow_signup);
  if (!open) throw new Error('the demo seed has no plan variant open for signup');
  const fixtures: TestFixtures = {
    tenant: 'demo',
    signupVariantId: open.id,
    closedVariantId: variants.find((variant) => !variant.allow_signup)?.id ?? null,
    ...(await portalFixtures(database.db)),
  };
  return {
    url: `http://127.0.0.1:${port}`,
    fixtures,
    async stop() {
      await app.close();
      await database.close();
    },
  };
}

/** Portal tokens for the demo contract 20001: its owner's (twice) and its member's. */
async function portalFixtures(db: Awaited<ReturnType<typeof openDatabase>>['db']) {
  const contract = await db
    .selectFrom('contracts')
    .innerJoin('customers', (join) =>
      join.onRef('customers.tenant_id', '=', 'contracts.tenant_id').onRef('customers.id', '=', 'contracts.customer_id'),
    )
    .where('contracts.tenant_id', '=', 'demo')
    .where('contracts.contract_number', '=', '20001')
    .select(['contracts.id', 'contracts.customer_id', 'customers.email'])
    .executeTakeFirstOrThrow();
  const member = await db
    .selectFrom('persons')
    .where('tenant_id', '=', 'demo')
    .where('customer_id', '=', contract.customer_id)
    .where('role', '=', 'member')
    .select('id')
    .executeTakeFirstOrThrow();
  const link = (personId?: string, action?: string) =>
    createSelfServiceLink(db, { tenantId: 'demo', contractId: contract.id, personId, language: 'en', action });
  return {
    portalContractId: contract.id,
    portalContractNumber: '20001',
    portalOwnerEmail: contract.email,
    portalToken: (await link()).token,
    revocableToken: (await link()).token,
    memberToken: (await link(member.id)).token,
    invoicesLinkToken: (await link(undefined, 'invoices')).token,
  };
}
