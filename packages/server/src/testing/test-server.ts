import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app.ts';
import { openDatabase } from '../db/database.ts';
import { seedDemo } from '../db/seed.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Ids from the demo seed that browser tests need (the seed makes random uuids). */
export interface TestFixtures {
  tenant: string;
  signupVariantId: string;
  closedVariantId: string | null;
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
