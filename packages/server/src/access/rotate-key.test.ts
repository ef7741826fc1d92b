import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../db/database.ts';
import { loadSecretKeyring } from '../secrets/secret-key.ts';
import { createTenant } from '../db/tenant.ts';
import { migratedDump } from '../testing/databases.ts';
import { getSigningKey } from './keys.ts';
import { rotateKeyCommand } from './rotate-key.ts';

describe('npm run rotate-key', () => {
  let dataDir: string;
  const saved = { data: process.env.PORTICO_DATA_DIR, url: process.env.DATABASE_URL };

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'portico-rotate-'));
    process.env.PORTICO_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
  });
  after(async () => {
    if (saved.data === undefined) delete process.env.PORTICO_DATA_DIR;
    else process.env.PORTICO_DATA_DIR = saved.data;
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('retires the current key of the tenant and makes a new one', async () => {
    // The embedded database's default: the key the command finds in the data directory.
    const target = { kind: 'pglite' as const, dataDir: path.join(dataDir, 'pglite') };
    const secrets = await loadSecretKeyring({}, { dataDir, database: target });
    // Started from a migrated dump rather than a new cluster (initdb costs seconds); the command opens it as it is.
    const database = await openDatabase({ ...target, loadDataDir: await migratedDump() }, { secrets });
    await createTenant(database.db, { id: 'shop', name: 'Shop' });
    const { kid: oldKid } = await getSigningKey(database.db, 'shop');
    await database.close();

    assert.equal(await rotateKeyCommand(['shop']), 0);

    const reopened = await openDatabase(target, { secrets });
    try {
      const keys = await reopened.db
        .selectFrom('signing_keys')
        .where('tenant_id', '=', 'shop')
        .select(['kid', 'retired_at'])
        .execute();
      assert.equal(keys.length, 2);
      assert.ok(keys.find((key) => key.kid === oldKid)?.retired_at);
      const current = keys.find((key) => key.kid !== oldKid);
      assert.equal(current?.retired_at, null);
    } finally {
      await reopened.close();
    }
  });

  it('says how to use it, and fails for an unknown tenant', async () => {
    assert.equal(await rotateKeyCommand([]), 2);
    assert.equal(await rotateKeyCommand(['nobody']), 1);
  });
});
