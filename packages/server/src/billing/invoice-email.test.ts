import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startTestMailbox, type TestMailbox } from '../../../../test/e2e/support/mailbox.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { readPdf } from '../testing/pdf.ts';
import { createDeliveryWorker } from '../email/worker.ts';
import { createTenantWithCustomer } from '../testing/portal.ts';
import { runBilling } from './recurring.ts';

// A billing run puts the invoice e-mail into the outbox with the invoice; the worker delivers it over SMTP.
describeEachDatabase('invoice e-mail of a billing run', (database) => {
  let mailbox: TestMailbox;
  const db = () => database().db;
  before(async () => {
    mailbox = await startTestMailbox();
  });
  after(() => mailbox.close());

  const deliver = async () => {
    const worker = createDeliveryWorker(db(), { smtpUrl: mailbox.url, from: 'Portico <billing@example.com>' });
    try {
      return await worker.runOnce();
    } finally {
      await worker.stop();
    }
  };
  const outbox = (tenantId: string) =>
    db().selectFrom('email_outbox').where('tenant_id', '=', tenantId).select(['subject', 'status']).execute();

  it('mails a German customer the invoice once, in German, with the PDF and a portal link', async () => {
    const t = await createTenantWithCustomer(db(), 'mailed');
    await db()
      .updateTable('customers')
      .set({ language: 'de', country: 'DE', company: 'Müller GmbH' })
      .where('tenant_id', '=', t.tenantId)
      .execute();

    const [issued] = await runBilling(db(), t.tenantId, '2026-12-01');
    assert.equal(issued!.number, 'INV-000001');
    assert.equal(await deliver(), 1);
    const mail = await mailbox.waitForMail((m) => m.envelopeTo.includes(t.ownerEmail));
    assert.equal(mail.subject, 'Tenant mailed: Ihre Rechnung INV-000001');
    const text = mail.text.replace(/\r\n/g, '\n');
    assert.match(
      text,
      /^Hallo Olga Owner,\n\nIhre Rechnung INV-000001 zum Vertrag C-mailed \(Zeitraum 1\. Dezember 2026 bis 31\. Dezember 2026\) finden Sie als PDF im Anhang\. Der Betrag von 11,90\s€ ist am 15\. Dezember 2026 fällig\./u,
    );
    assert.match(text, /\/mailed\/portal\?language=de#token=\S+\n/, 'a portal link in German');
    assert.match(text, /Der Link gilt bis .+ UTC;/);
    assert.match(mail.html ?? '', /<html lang="de" dir="ltr">/);
    assert.match(mail.html ?? '', />Kundenportal öffnen<\/a>/);
    assert.deepEqual(
      mail.attachments.map((a) => [a.filename, a.contentType]),
      [['INV-000001.pdf', 'application/pdf']],
    );
    const pdf = readPdf(mail.attachments[0]!.content);
    assert.ok(pdf.lines.includes('Rechnung INV-000001'), pdf.lines.join(' | '));

    // Rerunning the billing date issues and queues nothing; the mail arrived exactly once.
    assert.deepEqual(await runBilling(db(), t.tenantId, '2026-12-01'), []);
    assert.equal(await deliver(), 0);
    assert.equal((await outbox(t.tenantId)).length, 1);
    assert.equal(mailbox.messages.filter((m) => m.envelopeTo.includes(t.ownerEmail)).length, 1);
  });

  it("uses the tenant's own invoiceIssued template for its language", async () => {
    const t = await createTenantWithCustomer(db(), 'own-mail', {
      settings: {
        emailTemplates: {
          invoiceIssued: {
            en: { subject: 'Bill {InvoiceNumber}: {Amount} by {DueDate}', text: 'See {SelfServicePortalUrl}' },
          },
        },
      },
    });
    await runBilling(db(), t.tenantId, '2026-12-01');
    const [row] = await outbox(t.tenantId);
    assert.equal(row!.subject, 'Bill INV-000001: €11.90 by December 15, 2026');
  });
});
