import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { startPortico, type PorticoProcess } from '../../../../test/e2e/support/portico.ts';

describe('npm start without SMTP_URL: the development mailbox', () => {
  let portico: PorticoProcess;
  before(async () => {
    portico = await startPortico({ SMTP_URL: '' });
  });
  after(() => portico.stop());

  async function waitForMailboxRow(pattern: RegExp): Promise<string> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const page = await (await fetch(`${portico.url}/dev/mailbox`)).text();
      if (pattern.test(page)) return page;
      await delay(200);
    }
    throw new Error(`the development mailbox never listed ${pattern}`);
  }

  it('prints the mailbox address in the start banner and shows the confirmation e-mail with its portal link', async () => {
    const banner = /Dev mailbox:\s+(\S+)/.exec(portico.output());
    assert.ok(banner, portico.output());
    assert.equal(banner[1], `${portico.url}/dev/mailbox`);
    const variant = /signup\/([0-9a-f-]{36})/.exec(portico.output())![1];
    const response = await fetch(`${portico.url}/api/signup/demo/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'dev-mailbox-test' },
      body: JSON.stringify({
        planVariantId: variant,
        components: {},
        customer: {
          email: 'newcomer@example.com',
          firstName: 'New',
          lastName: '<em>Comer</em>',
          street: 'Weg',
          houseNumber: '1',
          postalCode: '10115',
          city: 'Berlin',
          country: 'DE',
        },
        acceptedTerms: ['terms', 'privacy'],
        payment: { kind: 'invoice' },
      }),
    });
    assert.equal(response.status, 201);
    const { contractNumber } = (await response.json()) as { contractNumber: string };
    const list = await waitForMailboxRow(new RegExp(`your order ${contractNumber}`));
    assert.match(list, /newcomer@example\.com/);
    const id = /href="\/dev\/mailbox\/(\d+)"/.exec(list)![1];
    const message = await (await fetch(`${portico.url}/dev/mailbox/${id}`)).text();
    assert.match(message, /Hello New &#60;em&#62;Comer&#60;\/em&#62;,/);
    const link = /(http:\/\/\S+\/demo\/portal\?language=en#token=[\w.-]+)/.exec(message)?.[1];
    assert.ok(link, message);
    assert.ok(link.startsWith(portico.url));
    assert.equal((await fetch(link.split('#')[0]!)).status, 200);
    const attachment = await fetch(`${portico.url}/dev/mailbox/${id}/attachments/0`);
    assert.equal(attachment.headers.get('content-type'), 'application/pdf');
  });
});

describe('a malformed SMTP_URL', () => {
  it('stops the server with one clear line', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portico-smtp-'));
    try {
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
          env: {
            ...process.env,
            PORT: '0',
            PORTICO_DATA_DIR: dataDir,
            LOG_LEVEL: 'silent',
            SMTP_URL: 'mail.example.com',
          },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr.trim(),
        'portico: cannot start: SMTP_URL must be an smtp:// or smtps:// URL, got "mail.example.com"',
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
