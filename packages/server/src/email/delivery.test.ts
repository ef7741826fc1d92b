import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import Fastify from 'fastify';
import { sql } from 'kysely';
import type { OrderResult } from '@portico/core';
import { startTestMailbox, type TestMailbox } from '../../../../test/e2e/support/mailbox.ts';
import { signupFixture, validOrder, type SignupFixture } from '../testing/signup.ts';
import { readPdf } from '../testing/pdf.ts';
import { enqueueEmail } from './outbox.ts';
import { devMailboxRoutes, startDevMailbox } from './dev-mailbox.ts';
import { setTenantSmtp } from './smtp-settings.ts';
import { backoffSeconds, createDeliveryWorker, senderOf } from './worker.ts';
import { describeEachDemoDatabase } from '../demo/testing.ts';

it("sends under the tenant's sender name, from its own address or the system's", () => {
  const system = 'Portico <no-reply@portico.example>';
  assert.deepEqual(senderOf('Northwind Cloud', undefined, system), {
    name: 'Northwind Cloud',
    address: 'no-reply@portico.example',
  });
  assert.deepEqual(senderOf('Northwind Cloud', 'billing@northwind.example', system), {
    name: 'Northwind Cloud',
    address: 'billing@northwind.example',
  });
  assert.deepEqual(senderOf('Northwind Cloud', '"Northwind Billing" <billing@northwind.example>', system), {
    name: 'Northwind Billing',
    address: 'billing@northwind.example',
  });
  assert.deepEqual(senderOf('Evil\r\nBcc: x@example.com', undefined, 'no-reply@portico.example'), {
    name: 'Evil Bcc: x@example.com',
    address: 'no-reply@portico.example',
  });
});

describeEachDemoDatabase('e-mail delivery', (database) => {
  let f: SignupFixture;
  let mailbox: TestMailbox;
  before(async () => {
    f = await signupFixture(database());
    mailbox = await startTestMailbox();
  });
  after(async () => {
    await f.app.close();
    await mailbox.close();
  });

  it('answers the order first, then its worker round renders the contract PDF and mails the confirmation with it', async () => {
    const order = validOrder(f.business, {
      customer: { ...validOrder(f.business).customer, firstName: 'Zoë <i>', lastName: 'Ünal' },
    });
    const response = await f.app.inject({
      method: 'POST',
      url: '/api/signup/demo/orders',
      headers: { 'idempotency-key': randomUUID() },
      payload: order,
    });
    assert.equal(response.statusCode, 201, response.body);
    const result = response.json<OrderResult>();
    // The order answered before its contract document exists, and its confirmation is not queued yet.
    const made = () =>
      Promise.all([
        database()
          .db.selectFrom('documents')
          .where('tenant_id', '=', 'demo')
          .where('contract_id', '=', result.contractId)
          .select('id')
          .execute(),
        database()
          .db.selectFrom('email_outbox')
          .where('tenant_id', '=', 'demo')
          .where('to_address', '=', order.customer.email!)
          .select('id')
          .execute(),
      ]);
    assert.deepEqual(await made(), [[], []]);
    const worker = createDeliveryWorker(database().db, { smtpUrl: mailbox.url, from: 'Portico <billing@example.com>' });
    try {
      // One round renders the document, queues the confirmation with it attached and sends it.
      assert.ok((await worker.runOnce()) >= 1);
    } finally {
      await worker.stop();
    }
    const mail = await mailbox.waitForMail((m) => m.envelopeTo.includes(order.customer.email!));
    assert.equal(mail.subject, `Welcome to Northwind Cloud: your order ${result.contractNumber}`);
    assert.match(mail.from, /^"?Northwind Cloud"? <billing@example\.com>$/, "the tenant's name on the system address");
    assert.match(mail.text, /Hello Zoë <i> Ünal,/);
    const link = /(https?:\/\/\S+\/demo\/portal\?language=en#token=\S+)/.exec(mail.text)?.[1];
    assert.ok(link, mail.text);
    assert.match(mail.html ?? '', /Zoë &#60;i&#62; Ünal/);
    const invoice = await database()
      .db.selectFrom('invoices')
      .where('tenant_id', '=', 'demo')
      .where('id', '=', result.invoiceId!)
      .select('number')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      mail.attachments.map((a) => a.filename),
      [`contract-${result.contractNumber}.pdf`, `${invoice.number}.pdf`],
    );
    for (const attachment of mail.attachments) {
      assert.equal(attachment.contentType, 'application/pdf');
      assert.equal(attachment.content.subarray(0, 5).toString(), '%PDF-');
    }
    assert.match(mail.html ?? '', /<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="Northwind Cloud"/);
    const invoicePdf = readPdf(mail.attachments[1]!.content);
    assert.ok(invoicePdf.lines.includes(`Invoice ${invoice.number}`), invoicePdf.lines.join(' | '));
    assert.ok(invoicePdf.colors.has('#1f5fbf'), 'the tenant colour reaches the PDF');
    assert.match(mail.attachments[1]!.content.toString('latin1'), /\/Subtype \/Image/, 'with the seeded logo');

    const row = await database()
      .db.selectFrom('email_outbox')
      .where('tenant_id', '=', 'demo')
      .where('to_address', '=', order.customer.email!)
      .select(['status', 'attempts', 'sent_at'])
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 1);
    assert.ok(row.sent_at);
  });

  it('keeps a message pending with a later attempt when the SMTP server cannot be reached, then marks it failed', async () => {
    const closed = await startTestMailbox();
    await closed.close();
    const id = await enqueueEmail(database().db, 'demo', { to: 'nobody@example.com', subject: 'Retry me', text: 'x' });
    const worker = createDeliveryWorker(database().db, {
      smtpUrl: closed.url,
      from: 'Portico <billing@example.com>',
      maxAttempts: 2,
    });
    try {
      assert.equal(await worker.runOnce(), 0);
      const row = await database()
        .db.selectFrom('email_outbox')
        .where('tenant_id', '=', 'demo')
        .where('id', '=', id)
        .select((eb) => ['status', 'attempts', 'last_error', eb('next_attempt_at', '>', sql<Date>`now()`).as('later')])
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'pending');
      assert.equal(row.attempts, 1);
      assert.ok(row.last_error);
      assert.equal(row.later, true, 'the next attempt waits for the backoff');
      assert.equal(await worker.runOnce(), 0, 'not due yet');
      await database()
        .db.updateTable('email_outbox')
        .set({ next_attempt_at: new Date(0) })
        .where('tenant_id', '=', 'demo')
        .where('id', '=', id)
        .execute();
      await worker.runOnce();
      const failed = await database()
        .db.selectFrom('email_outbox')
        .where('tenant_id', '=', 'demo')
        .where('id', '=', id)
        .select(['status', 'attempts'])
        .executeTakeFirstOrThrow();
      assert.deepEqual(failed, { status: 'failed', attempts: 2 });
    } finally {
      await worker.stop();
    }
    assert.deepEqual([1, 2, 3, 10].map(backoffSeconds), [30, 120, 480, 21600]);
  });

  it("sends a tenant's mail through its own SMTP server and sender when it does not use the system's", async () => {
    const own = await startTestMailbox();
    await setTenantSmtp(database().db, 'strict', {
      useSystem: false,
      host: '127.0.0.1',
      port: own.port,
      secure: false,
      from: 'Strict <mail@strict.example>',
    });
    await enqueueEmail(database().db, 'strict', { to: 'tenant-own@example.com', subject: 'Own server', text: 'x' });
    await enqueueEmail(database().db, 'demo', { to: 'system@example.com', subject: 'System server', text: 'y' });
    const worker = createDeliveryWorker(database().db, { smtpUrl: mailbox.url, from: 'Portico <billing@example.com>' });
    try {
      assert.equal(await worker.runOnce(), 2);
      const mine = await own.waitForMail((m) => m.envelopeTo.includes('tenant-own@example.com'));
      assert.match(mine.from, /^"?Strict"? <mail@strict\.example>$/);
      const system = await mailbox.waitForMail((m) => m.envelopeTo.includes('system@example.com'));
      assert.match(system.from, /^"?Northwind Cloud"? <billing@example\.com>$/);
      assert.equal(own.messages.length, 1);
      assert.ok(!mailbox.messages.some((m) => m.envelopeTo.includes('tenant-own@example.com')));
    } finally {
      await worker.stop();
      await own.close();
    }
  });

  it('shows delivered messages in the development mailbox with every value escaped', async () => {
    const dev = await startDevMailbox();
    const app = Fastify();
    await app.register(devMailboxRoutes, { prefix: '/dev', mailbox: dev });
    await enqueueEmail(database().db, 'demo', {
      to: 'dev@example.com',
      subject: 'Hi <script>alert(1)</script>',
      text: 'Body with <b>tags</b>',
      html: '<p>Hello</p>',
    });
    const worker = createDeliveryWorker(database().db, { smtpUrl: dev.smtpUrl, from: 'Portico <dev@example.com>' });
    try {
      await worker.runOnce();
      const list = await app.inject('/dev/mailbox');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Hi &#60;script&#62;alert\(1\)&#60;\/script&#62;/);
      assert.doesNotMatch(list.body, /<script>alert/);
      const id = /href="\/dev\/mailbox\/(\d+)"/.exec(list.body)?.[1];
      const view = await app.inject(`/dev/mailbox/${id}`);
      assert.equal(view.statusCode, 200);
      assert.match(view.body, /Body with &#60;b&#62;tags&#60;\/b&#62;/);
      assert.match(
        view.body,
        /<iframe sandbox="allow-popups allow-popups-to-escape-sandbox" title="HTML body" srcdoc="&#60;base target=&#34;_blank&#34;&#62;&#60;p&#62;Hello&#60;\/p&#62;"/,
      );
      assert.equal((await app.inject('/dev/mailbox/9999')).statusCode, 404);
    } finally {
      await worker.stop();
      await app.close();
      await dev.close();
    }
  });
});
