import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { createTenant } from '../db/tenant.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { enqueueEmail } from './outbox.ts';
import { createDeliveryWorker } from './worker.ts';

/**
 * An SMTP server that accepts messages, except the `stallAt`-th it is given (counting from 1): that one it never
 * answers, like a server or a network that hangs, until `release()`. `stalled` resolves when the worker got there.
 */
async function stallingMailbox(stallAt: number) {
  const accepted: string[] = [];
  let given = 0;
  let release: (() => void) | undefined;
  let reached!: () => void;
  const stalled = new Promise<void>((resolve) => (reached = resolve));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        given++;
        if (given === stallAt) {
          release = () => callback(new Error('connection lost'));
          reached();
          return;
        }
        accepted.push(/^Subject: (.*)$/m.exec(Buffer.concat(chunks).toString())?.[1]?.trim() ?? '');
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
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    stalled,
    release: () => release?.(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describeEachDatabase(
  'outbox after a crash (attack: a mail claimed by a dead instance waits out a long lease)',
  (database) => {
    let tenant = 0;
    let tenantId = '';

    async function fiveMails(): Promise<string[]> {
      tenantId = `crash-${++tenant}`;
      await createTenant(database().db, { id: tenantId, name: 'Crash Test' });
      const subjects = ['one', 'two', 'three', 'four', 'five'].map((n) => `${tenantId} mail ${n}`);
      for (const subject of subjects)
        await enqueueEmail(database().db, tenantId, { to: 'c@example.com', subject, text: subject });
      return subjects;
    }

    async function databaseNow(): Promise<Date> {
      const { rows } = await sql<{ now: Date }>`select now() as now`.execute(database().db);
      return new Date(rows[0]!.now);
    }

    /** The suite's fresh PostgreSQL database: PORTICO_TEST_DATABASE_URL's server, this database's name. */
    async function databaseUrl(): Promise<string> {
      const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(database().db);
      const url = new URL(process.env.PORTICO_TEST_DATABASE_URL!);
      url.pathname = `/${rows[0]!.name}`;
      return url.toString();
    }

    async function outbox() {
      return database()
        .db.selectFrom('email_outbox')
        .where('tenant_id', '=', tenantId)
        .orderBy('subject')
        .select(['subject', 'status', 'attempts'])
        .execute();
    }

    it('a worker stalled mid-batch loses the rest of its batch to another worker within a minute, each mail sent once', async () => {
      const subjects = await fiveMails();
      const smtp = await stallingMailbox(3);
      const t0 = await databaseNow();
      // Worker A claims all five and stalls on the third; its clock stands still, so its leases end at t0 + lease.
      const stalledWorker = createDeliveryWorker(database().db, {
        smtpUrl: smtp.url,
        from: 'a@example.com',
        batchSize: 5,
        clock: () => t0,
      });
      const stalledRound = stalledWorker.runOnce();
      await smtp.stalled;
      assert.deepEqual(smtp.accepted, subjects.slice(0, 2));
      // Worker B one minute later.
      const rescuer = createDeliveryWorker(database().db, {
        smtpUrl: smtp.url,
        from: 'b@example.com',
        batchSize: 5,
        clock: () => new Date(t0.getTime() + 60_000),
      });
      try {
        assert.equal(await rescuer.runOnce(), 3, 'the other worker delivers the three mails the stalled one held');
      } finally {
        await rescuer.stop();
      }
      smtp.release();
      assert.equal(await stalledRound, 2, 'the stalled worker, woken up, sends nothing it no longer holds');
      await stalledWorker.stop();
      await smtp.close();
      assert.deepEqual([...smtp.accepted].sort(), [...subjects].sort(), 'every mail exactly once');
      const rows = await outbox();
      assert.ok(
        rows.every((row) => row.status === 'sent'),
        JSON.stringify(rows),
      );
    });

    it('an instance killed mid-batch (SIGKILL) leaves its claimed mails to another worker within a minute, each sent once', async (t) => {
      if (database().kind !== 'postgres') return t.skip('a second process needs PostgreSQL (PGlite is one process)');
      const subjects = await fiveMails();
      const smtp = await stallingMailbox(3);
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          fileURLToPath(new URL('../testing/outbox-worker-process.ts', import.meta.url)),
          await databaseUrl(),
          smtp.url,
          '5',
        ],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await smtp.stalled;
      child.kill('SIGKILL');
      await exited;
      assert.deepEqual(smtp.accepted, subjects.slice(0, 2));
      const sending = (await outbox()).filter((row) => row.status === 'sending');
      assert.equal(sending.length, 3, 'the killed instance held three claimed mails');
      const oneMinuteLater = new Date((await databaseNow()).getTime() + 60_000);
      const rescuer = createDeliveryWorker(database().db, {
        smtpUrl: smtp.url,
        from: 'b@example.com',
        batchSize: 5,
        clock: () => oneMinuteLater,
      });
      try {
        assert.equal(await rescuer.runOnce(), 3);
      } finally {
        await rescuer.stop();
      }
      await smtp.close();
      assert.deepEqual([...smtp.accepted].sort(), [...subjects].sort(), 'every mail exactly once');
      const rows = await outbox();
      assert.ok(
        rows.every((row) => row.status === 'sent'),
        JSON.stringify(rows),
      );
    });
  },
);
