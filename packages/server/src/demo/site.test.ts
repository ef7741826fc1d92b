import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../config/config.ts';
import { testEngines } from '../testing/databases.ts';
import { startServer } from '../main.ts';
import { TEST_SECRET_KEY } from '../testing/secrets.ts';
import { postgresDemoCopy, writeDemoDataDir } from './testing.ts';

/**
 * The demo site and its config route, which mints portal tokens for the demo merchant's first contract, exist only
 * while the demo is on: a database that was seeded once keeps the demo tenant, but `PORTICO_DEMO=off` must not
 * hand out its tokens.
 */
for (const engine of testEngines()) {
  describe(`the demo site follows PORTICO_DEMO [${engine}]`, () => {
    let dataDir: string;
    let database: Record<string, string>;
    let drop: (() => Promise<void>) | undefined;
    const keyBefore = process.env.PORTICO_SECRET_KEY;
    before(async () => {
      // The seeded copies were sealed with the tests' secret key; startServer reads it as an operator sets it.
      process.env.PORTICO_SECRET_KEY = TEST_SECRET_KEY;
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'portico-demo-site-'));
      if (engine === 'pglite') {
        await writeDemoDataDir(path.join(dataDir, 'pglite'));
        database = {};
      } else {
        const copy = await postgresDemoCopy();
        drop = copy.drop;
        database = { DATABASE_URL: copy.url };
      }
    });
    after(async () => {
      if (keyBefore === undefined) delete process.env.PORTICO_SECRET_KEY;
      else process.env.PORTICO_SECRET_KEY = keyBefore;
      await drop?.();
      await rm(dataDir, { recursive: true, force: true });
    });

    const start = (env: Record<string, string>) =>
      startServer(
        loadConfig({
          PORTICO_DATA_DIR: dataDir,
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          ...database,
          ...env,
        }),
      );

    it('answers 404 with PORTICO_DEMO=off on the seeded database, and mints no token', async () => {
      const server = await start({ PORTICO_DEMO: 'off' });
      try {
        const config = await fetch(`${server.url}/demo-site/config.json`);
        assert.equal(config.status, 404);
        assert.doesNotMatch(await config.text(), /portalToken/);
        assert.equal((await fetch(`${server.url}/demo-site/`)).status, 404);
        // The demo merchant is still there: the route is gone, not the data.
        assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
        const tenant = await server.database.db.selectFrom('tenants').where('id', '=', 'demo').select('id').execute();
        assert.equal(tenant.length, 1);
      } finally {
        await server.stop();
      }
    });

    it('serves the site and a portal token while the demo is on (the default)', async () => {
      const server = await start({});
      try {
        const config = await fetch(`${server.url}/demo-site/config.json`);
        assert.equal(config.status, 200);
        const body = (await config.json()) as { tenant: string; portalToken: string | null };
        assert.equal(body.tenant, 'demo');
        assert.ok(body.portalToken);
        assert.equal((await fetch(`${server.url}/demo-site/`)).status, 200);
      } finally {
        await server.stop();
      }
    });
  });
}
