import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importJWK, jwtVerify } from 'jose';
import { sql, type Kysely } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { getSigningKey, SIGNING_ALG } from '../access/keys.ts';
import { signToken } from '../access/tokens.ts';
import { openDatabase } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { createTenant, getTenantSettings } from '../db/tenant.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { smtpPasswordOf } from '../email/smtp-settings.ts';
import { createDeliveryWorker } from '../email/worker.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { TEST_SECRET_KEY } from '../testing/secrets.ts';
import { rotateSecretKeyCommand } from './rotate-secret-key.ts';
import { loadSecretKeyring, SECRET_KEY_FILE } from './secret-key.ts';
import {
  generateSecretKey,
  openSecret,
  parseSecretKey,
  sealSecret,
  secretKeyring,
  SecretKeyError,
  withSecrets,
} from './secrets.ts';
import { resealSecrets, sealPlaintextSecrets } from './stored.ts';

const testKey = () => parseSecretKey(TEST_SECRET_KEY, 'test');
const otherKey = () => parseSecretKey(generateSecretKey(), 'other');

/**
 * A tenant's own SMTP server that requires authentication (AUTH PLAIN or LOGIN, without TLS as on a test host):
 * it takes mail only from a client that logged in as `user` with `password`, and records every login tried.
 */
async function authenticatingMailbox(user: string, password: string) {
  const logins: Array<{ username: string; password: string }> = [];
  const accepted: Array<{ to: string[]; user: unknown }> = [];
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push({ username: auth.username ?? '', password: auth.password ?? '' });
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        accepted.push({ to: session.envelope.rcptTo.map((r) => r.address), user: session.user });
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve) => {
    const listener = server.listen(0, '127.0.0.1', () => {
      const address = listener.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return { port, logins, accepted, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Delivers what is due with a worker on `db` whose system SMTP server does not exist (only the tenant's works). */
async function deliverAll(db: Kysely<DB>): Promise<number> {
  const worker = createDeliveryWorker(db, { smtpUrl: 'smtp://127.0.0.1:1', from: 'Portico <billing@example.com>' });
  try {
    return await worker.runOnce();
  } finally {
    await worker.stop();
  }
}

describeEachDatabase('secrets at rest (attack: read the private signing keys from the database)', (database) => {
  let n = 0;
  async function tenant(): Promise<string> {
    const id = `sealed-${++n}`;
    await createTenant(database().db, { id, name: 'Sealed' });
    return id;
  }
  /** The rows of signing_keys as the database holds them, each as JSON text, read with plain SQL. */
  async function rows(tenantId?: string) {
    const { rows } = await sql<{ row: string }>`
      select row_to_json(k)::text as row from signing_keys k
      where ${tenantId ?? null}::text is null or k.tenant_id = ${tenantId ?? null}`.execute(database().db);
    return rows.map((r) => r.row);
  }

  it('a dump of signing_keys holds no private key material: no "d" member in clear, not the key itself', async () => {
    const tenantId = await tenant();
    const { token } = await signToken(
      database().db,
      tenantId,
      'test',
      { sub: 'p', cus: 'c', contracts: [], permissions: [] },
      { lifetimeSeconds: 60 },
    );
    const dump = await rows();
    assert.ok(dump.length >= 1);
    for (const row of dump) {
      assert.doesNotMatch(row, /"d"\s*:/, 'no JWK "d" member in clear');
      const parsed = JSON.parse(row) as { private_jwk: unknown; private_jwk_sealed: string };
      assert.equal(parsed.private_jwk, null);
      assert.match(parsed.private_jwk_sealed, /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    }
    // Nor the private key in any other form: its "d" (opened here with the suite's key) appears in no row.
    const { kid } = await getSigningKey(database().db, tenantId);
    const sealed = await database()
      .db.selectFrom('signing_keys')
      .where('tenant_id', '=', tenantId)
      .select('private_jwk_sealed')
      .executeTakeFirstOrThrow();
    const context = `signing_keys.private_jwk_sealed of tenant ${tenantId} key ${kid}`;
    const d = (JSON.parse(openSecret(secretKeyring(testKey()), sealed.private_jwk_sealed!, context)) as { d: string })
      .d;
    assert.ok(d.length > 20);
    for (const row of dump) assert.ok(!row.includes(d), 'the private key does not appear');
    // And the sealed key still signs what verifies with the published public key.
    const row = await database()
      .db.selectFrom('signing_keys')
      .where('tenant_id', '=', tenantId)
      .select('public_jwk')
      .executeTakeFirstOrThrow();
    await jwtVerify(token, await importJWK(row.public_jwk, SIGNING_ALG));
  });

  it('a plaintext key of before the upgrade is sealed at the next start, and keeps signing', async () => {
    const tenantId = await tenant();
    const { kid } = await getSigningKey(database().db, tenantId);
    // What an older version stored: the private JWK as jsonb.
    const row = await database()
      .db.selectFrom('signing_keys')
      .where('tenant_id', '=', tenantId)
      .select('private_jwk_sealed')
      .executeTakeFirstOrThrow();
    const context = `signing_keys.private_jwk_sealed of tenant ${tenantId} key ${kid}`;
    const plaintext = JSON.parse(openSecret(secretKeyring(testKey()), row.private_jwk_sealed!, context)) as {
      d: string;
    };
    await database()
      .db.updateTable('signing_keys')
      .set({ private_jwk: JSON.stringify(plaintext), private_jwk_sealed: null })
      .where('tenant_id', '=', tenantId)
      .where('kid', '=', kid)
      .execute();
    assert.match((await rows(tenantId)).join(), /"d":/, 'the set-up: a plaintext row');
    assert.deepEqual(await sealPlaintextSecrets(database().db), {
      signingKeys: 1,
      smtpPasswords: 0,
      webhookSecrets: 0,
    });
    assert.deepEqual(
      await sealPlaintextSecrets(database().db),
      { signingKeys: 0, smtpPasswords: 0, webhookSecrets: 0 },
      'nothing left in clear',
    );
    for (const row of await rows(tenantId)) assert.ok(!row.includes(plaintext.d));
    const reopened = withSecrets(database().db, secretKeyring(testKey()));
    assert.equal((await getSigningKey(reopened, tenantId)).kid, kid);
  });

  it('the wrong secret key fails with a clear error, not garbage', async () => {
    const tenantId = await tenant();
    const wrong = withSecrets(database().db, secretKeyring(otherKey()));
    await assert.rejects(getSigningKey(wrong, tenantId), (error: unknown) => {
      assert.ok(error instanceof SecretKeyError);
      assert.match(
        error.message,
        /is sealed with secret key \S+, which is neither PORTICO_SECRET_KEY .* wrong secret key\?/,
      );
      return true;
    });
  });

  it("a sealed key copied into another tenant's row does not open there", async () => {
    const victim = await tenant();
    const attacker = await tenant();
    const sealed = await database()
      .db.selectFrom('signing_keys')
      .where('tenant_id', '=', victim)
      .select('private_jwk_sealed')
      .executeTakeFirstOrThrow();
    // In a transaction that the failure rolls back, so the suite's database stays whole.
    const fresh = withSecrets(database().db, secretKeyring(testKey()));
    await assert.rejects(
      fresh.transaction().execute(async (trx) => {
        await trx
          .updateTable('signing_keys')
          .set({ private_jwk_sealed: sealed.private_jwk_sealed })
          .where('tenant_id', '=', attacker)
          .execute();
        await getSigningKey(trx, attacker);
      }),
      /does not open with secret key \S+: the stored value was altered/,
    );
  });

  it('rotation: the new key with the old one as previous opens and reseals everything; then the old key is not needed', async () => {
    const tenantId = await tenant();
    const next = otherKey();
    const rotated = withSecrets(database().db, secretKeyring(next, [testKey()]));
    const before = (await getSigningKey(rotated, tenantId)).kid;
    const { signingKeys } = await resealSecrets(rotated);
    assert.ok(signingKeys >= 1);
    assert.deepEqual(await resealSecrets(rotated), { signingKeys: 0, smtpPasswords: 0, webhookSecrets: 0 });
    const onlyNew = withSecrets(database().db, secretKeyring(next));
    assert.equal((await getSigningKey(onlyNew, tenantId)).kid, before);
    const onlyOld = withSecrets(database().db, secretKeyring(testKey()));
    await assert.rejects(getSigningKey(onlyOld, tenantId), SecretKeyError);
    // Back to the suite's key for whoever runs after.
    await resealSecrets(withSecrets(database().db, secretKeyring(testKey(), [next])));
  });
  describe("a tenant's own SMTP password", () => {
    const PASSWORD = 'tenant-smtp-pa55word!';
    let mailbox: Awaited<ReturnType<typeof authenticatingMailbox>>;
    before(async () => {
      mailbox = await authenticatingMailbox('shop-mailer', PASSWORD);
    });
    after(() => mailbox.close());
    async function smtpTenant(): Promise<string> {
      const id = `smtp-${++n}`;
      await createTenant(database().db, {
        id,
        name: 'Own SMTP',
        settings: {
          smtp: {
            useSystem: false,
            host: '127.0.0.1',
            port: mailbox.port,
            secure: false,
            user: 'shop-mailer',
            password: PASSWORD,
            from: 'Shop <billing@shop.example>',
          },
        },
      });
      return id;
    }
    /** The tenant_settings table as plain SQL reads it. */
    async function settingsDump(): Promise<string> {
      const { rows } = await sql<{ row: string }>`select row_to_json(s)::text as row from tenant_settings s`.execute(
        database().db,
      );
      return rows.map((r) => r.row).join('\n');
    }
    async function mailCustomer(tenantId: string, db: Kysely<DB> = database().db) {
      const to = `customer-${++n}@example.com`;
      await enqueueEmail(database().db, tenantId, { to, subject: 'Your invoice', text: 'x' });
      const logins = mailbox.logins.length;
      assert.equal(await deliverAll(db), 1, 'the mail went out');
      assert.deepEqual(mailbox.accepted.at(-1), { to: [to], user: 'shop-mailer' }, 'through the logged-in session');
      assert.deepEqual(mailbox.logins.slice(logins), [{ username: 'shop-mailer', password: PASSWORD }]);
    }

    it('is not in clear in tenant_settings, and the mail to its customer still goes out authenticated with it', async () => {
      const tenantId = await smtpTenant();
      const dump = await settingsDump();
      assert.ok(!dump.includes(PASSWORD), 'no plaintext password in tenant_settings');
      assert.ok(!dump.includes(Buffer.from(PASSWORD).toString('base64')), 'nor merely encoded');
      const { rows } = await sql<{ smtp: Record<string, unknown> }>`
        select settings->'smtp' as smtp from tenant_settings where tenant_id = ${tenantId}`.execute(database().db);
      assert.equal(rows[0]!.smtp.password, undefined);
      assert.match(
        String(rows[0]!.smtp.passwordSealed),
        /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
      );
      await mailCustomer(tenantId);
    });

    it('a plaintext password of before the upgrade is sealed at the next start, and the mail still authenticates', async () => {
      const tenantId = await smtpTenant();
      // What an older version stored: the password in clear in the settings.
      await sql`update tenant_settings
        set settings = jsonb_set(settings #- '{smtp,passwordSealed}', '{smtp,password}', to_jsonb(${PASSWORD}::text))
        where tenant_id = ${tenantId}`.execute(database().db);
      assert.ok((await settingsDump()).includes(PASSWORD), 'the set-up: a plaintext password');
      assert.deepEqual(await sealPlaintextSecrets(database().db), {
        signingKeys: 0,
        smtpPasswords: 1,
        webhookSecrets: 0,
      });
      assert.deepEqual(await sealPlaintextSecrets(database().db), {
        signingKeys: 0,
        smtpPasswords: 0,
        webhookSecrets: 0,
      });
      assert.ok(!(await settingsDump()).includes(PASSWORD), 'sealed and dropped');
      await mailCustomer(tenantId);
    });

    it("sealed for one tenant, it does not open in another's settings", async () => {
      const victim = await smtpTenant();
      const attacker = await tenant();
      const stolen = (await getTenantSettings(database().db, victim))!.smtp;
      assert.throws(
        () => smtpPasswordOf(database().db, attacker, stolen),
        /does not open with secret key \S+: the stored value was altered/,
      );
      assert.equal(smtpPasswordOf(database().db, victim, stolen), PASSWORD);
    });

    it('rotation reseals it: mail keeps going out with the new key alone, and the old key alone cannot open it', async () => {
      const tenantId = await smtpTenant();
      const next = otherKey();
      const rotated = withSecrets(database().db, secretKeyring(next, [testKey()]));
      await mailCustomer(tenantId, rotated);
      const { smtpPasswords } = await resealSecrets(rotated);
      assert.ok(smtpPasswords >= 1);
      assert.deepEqual(await resealSecrets(rotated), { signingKeys: 0, smtpPasswords: 0, webhookSecrets: 0 });
      assert.ok(!(await settingsDump()).includes(PASSWORD));
      await mailCustomer(tenantId, withSecrets(database().db, secretKeyring(next)));
      const onlyOld = withSecrets(database().db, secretKeyring(testKey()));
      const id = await enqueueEmail(database().db, tenantId, { to: 'late@example.com', subject: 'x', text: 'x' });
      const logins = mailbox.logins.length;
      assert.equal(await deliverAll(onlyOld), 0);
      assert.equal(mailbox.logins.length, logins, 'no login tried with a wrong password');
      const row = await database()
        .db.selectFrom('email_outbox')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .select(['status', 'last_error'])
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'pending');
      assert.match(row.last_error ?? '', /is sealed with secret key \S+, which is neither PORTICO_SECRET_KEY/);
      // Back to the suite's key for whoever runs after.
      await resealSecrets(withSecrets(database().db, secretKeyring(testKey(), [next])));
      await database().db.deleteFrom('email_outbox').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    });
  });
});

describe('the secret key (attack: start without one, or with a weak or exposed one)', () => {
  it('is required with DATABASE_URL, and says so', async () => {
    await assert.rejects(
      loadSecretKeyring({}, { dataDir: '/nonexistent', database: { kind: 'postgres', url: 'postgres://x@h/db' } }),
      /PORTICO_SECRET_KEY is required with DATABASE_URL/,
    );
  });

  it('must be 32 bytes', async () => {
    for (const bad of ['secret', 'a'.repeat(63), Buffer.alloc(16).toString('base64')]) {
      await assert.rejects(
        loadSecretKeyring({ PORTICO_SECRET_KEY: bad }, { dataDir: '/x', database: { kind: 'memory' } }),
        /PORTICO_SECRET_KEY must be 32 random bytes in base64 \(44 characters\) or hex \(64 digits\)/,
      );
    }
    await assert.rejects(
      loadSecretKeyring(
        { PORTICO_SECRET_KEY: TEST_SECRET_KEY, PORTICO_SECRET_KEY_PREVIOUS: 'short' },
        { dataDir: '/x', database: { kind: 'memory' } },
      ),
      /PORTICO_SECRET_KEY_PREVIOUS must be 32 random bytes/,
    );
  });

  it('for the embedded database is made on first start, readable by its owner only, and kept', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'portico-secret-'));
    try {
      const target = { kind: 'pglite' as const, dataDir: path.join(dataDir, 'pglite') };
      const first = await loadSecretKeyring({}, { dataDir, database: target });
      const file = path.join(dataDir, SECRET_KEY_FILE);
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      const again = await loadSecretKeyring({}, { dataDir, database: target });
      assert.equal(again.current.id, first.current.id);
      await writeFile(file, `${generateSecretKey()}\n`, { mode: 0o644 });
      const { chmod } = await import('node:fs/promises');
      await chmod(file, 0o644);
      await assert.rejects(
        loadSecretKeyring({}, { dataDir, database: target }),
        /may be read by other users .*chmod 600/,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('a value sealed under one context or key does not open under another', () => {
    const keyring = secretKeyring(testKey());
    const sealed = sealSecret(keyring, '{"d":"x"}', 'a');
    assert.equal(openSecret(keyring, sealed, 'a'), '{"d":"x"}');
    assert.throws(() => openSecret(keyring, sealed, 'b'), /altered/);
    const flipped = sealed.slice(0, -3) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-2);
    assert.throws(() => openSecret(keyring, flipped, 'a'), SecretKeyError);
    assert.throws(() => openSecret(keyring, '{"d":"x"}', 'a'), /not a sealed secret/);
  });
});

describe('npm run rotate-secret-key', () => {
  it('reseals the stored secrets under the new PORTICO_SECRET_KEY so the old one can go', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'portico-rotate-secret-'));
    const target = { kind: 'pglite' as const, dataDir: path.join(dataDir, 'pglite') };
    const oldKey = generateSecretKey();
    const newKey = generateSecretKey();
    try {
      const database = await openDatabase(target, { secrets: secretKeyring(parseSecretKey(oldKey, 'old')) });
      await createTenant(database.db, {
        id: 'shop',
        name: 'Shop',
        settings: { smtp: { useSystem: false, host: 'mail.shop.example', user: 'shop', password: 'smtp-secret' } },
      });
      const { kid } = await getSigningKey(database.db, 'shop');
      await database.close();
      const env = { PORTICO_DATA_DIR: dataDir, PORTICO_SECRET_KEY: newKey, PORTICO_SECRET_KEY_PREVIOUS: oldKey };
      assert.equal(await rotateSecretKeyCommand(env), 0);
      assert.equal(
        await rotateSecretKeyCommand({ ...env, PORTICO_SECRET_KEY_PREVIOUS: '' }),
        0,
        'the old key is not needed any more',
      );
      const reopened = await openDatabase(target, { secrets: secretKeyring(parseSecretKey(newKey, 'new')) });
      try {
        assert.equal((await getSigningKey(reopened.db, 'shop')).kid, kid);
        const { smtp } = (await getTenantSettings(reopened.db, 'shop'))!;
        assert.equal(smtpPasswordOf(reopened.db, 'shop', smtp), 'smtp-secret', 'the SMTP password was resealed too');
      } finally {
        await reopened.close();
      }
      assert.equal(
        await rotateSecretKeyCommand({ PORTICO_DATA_DIR: dataDir, PORTICO_SECRET_KEY: oldKey }),
        1,
        'the old key alone no longer reads them',
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
