import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../../packages/server/src/db/database.ts';
import { writeDemoDataDir } from '../../../packages/server/src/demo/testing.ts';
import { SECRET_KEY_FILE } from '../../../packages/server/src/secrets/secret-key.ts';
import { TEST_SECRET_KEY, testSecrets } from '../../../packages/server/src/testing/secrets.ts';

/**
 * A fresh data directory with the demo merchant seeded (a copy of the demo seeded once per day and source version)
 * and some of its settings replaced (e.g. `{ frameOrigins: ['http://127.0.0.1:1234'], 'signup.successUrl':
 * 'http://…' }`, dotted keys for nested ones), which `startPortico(env, { settings })` starts on. The server must not
 * run on it yet (PGlite allows one process).
 */
export async function demoDataDir(settings: Record<string, unknown>): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portico-e2e-data-'));
  const pglite = path.join(dataDir, 'pglite');
  await writeDemoDataDir(pglite);
  // The demo copy's signing keys are sealed with the tests' key: the server finds it where it keeps its own.
  await writeFile(path.join(dataDir, SECRET_KEY_FILE), `${TEST_SECRET_KEY}\n`, { mode: 0o600 });
  const database = await openDatabase({ kind: 'pglite', dataDir: pglite }, { secrets: testSecrets() });
  try {
    for (const [key, value] of Object.entries(settings)) {
      const pathArray = `{${key.split('.').join(',')}}`;
      await database.db
        .updateTable('tenant_settings')
        .where('tenant_id', '=', 'demo')
        .set({ settings: sql`jsonb_set(settings, ${pathArray}::text[], ${JSON.stringify(value)}::jsonb)` })
        .execute();
    }
  } finally {
    await database.close();
  }
  return dataDir;
}
