import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has defaults for a newcomer: port 8080, ./data, embedded database', () => {
    const config = loadConfig({}, '/srv/portico');
    assert.equal(config.port, 8080);
    assert.equal(config.dataDir, '/srv/portico/data');
    assert.deepEqual(config.database, {
      kind: 'pglite',
      dataDir: '/srv/portico/data/pglite',
      pool: { size: 10, waitMs: 5000 },
    });
    assert.equal(config.publicUrl, 'http://localhost:8080');
  });

  it('uses DATABASE_URL and PORTICO_DATA_DIR', () => {
    const config = loadConfig(
      { DATABASE_URL: 'postgres://u@db:5432/portico', PORTICO_DATA_DIR: '/var/lib/portico', PORT: '9000' },
      '/',
    );
    assert.deepEqual(config.database, {
      kind: 'postgres',
      url: 'postgres://u@db:5432/portico',
      pool: { size: 10, waitMs: 5000 },
    });
    assert.equal(config.dataDir, '/var/lib/portico');
    assert.equal(config.port, 9000);
  });

  it('refuses bad values with a sentence naming the variable', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty' }),
      (error: Error) => error instanceof ConfigError && /PORT/.test(error.message),
    );
    assert.throws(() => loadConfig({ PORT: '70000' }), /PORT must be a whole number/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL must be a postgres/);
  });
});

describe('PORTICO_DB_POOL_SIZE and PORTICO_DB_POOL_WAIT_MS', () => {
  it('size the pool and its wait, and refuse what is not a whole number in range', () => {
    const config = loadConfig({ PORTICO_DB_POOL_SIZE: '25', PORTICO_DB_POOL_WAIT_MS: '2000' });
    assert.deepEqual(config.database.pool, { size: 25, waitMs: 2000 });
    assert.throws(() => loadConfig({ PORTICO_DB_POOL_SIZE: '0' }), /PORTICO_DB_POOL_SIZE must be a whole number/);
    assert.throws(() => loadConfig({ PORTICO_DB_POOL_WAIT_MS: 'soon' }), /PORTICO_DB_POOL_WAIT_MS must be a whole/);
  });
});

describe('PORTICO_TRUST_PROXY', () => {
  it('is off unless set, and refuses values that are not booleans', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ PORTICO_TRUST_PROXY: 'true' }).trustProxy, true);
    assert.throws(() => loadConfig({ PORTICO_TRUST_PROXY: 'maybe' }), /PORTICO_TRUST_PROXY must be true or false/);
  });
});
