import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { startTestMailbox, type TestMailbox } from '../../../../test/e2e/support/mailbox.ts';
import type { TenantSettings } from '../db/schema.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { defaultTenantSettings } from '../db/tenant.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, type TenantWithCustomer } from '../testing/portal.ts';
import { checkEmailTemplateHtml, filterStyle, sanitizeEmailHtml } from './sanitize.ts';
import { renderEmail } from './templates.ts';
import { createDeliveryWorker } from './worker.ts';

/** A merchant's template with everything an e-mail must not carry next to what it may. */
const HOSTILE_TEMPLATE =
  '<style>body{background:url(https://evil.example/track)}</style>' +
  '<p>Hello <b>{CustomerName}</b>,<script>alert(1)</script></p>' +
  '<img src="x" onerror="alert(2)">' +
  '<p><a href="javascript:alert(3)">Win a prize</a> or <a href="https://shop.example/help?a=1&amp;b=2">help</a></p>' +
  '<iframe src="https://evil.example/frame"></iframe>' +
  '<table cellpadding="4" style="border-collapse:collapse"><tr><th>Contract</th><td>{ContractNumber}</td></tr></table>' +
  '<p><a href="{SelfServicePortalUrl}" target="_blank" style="color:#0b8457;position:fixed">Open the portal</a></p>';

const values = {
  CompanyName: 'Northwind Cloud',
  CustomerName: 'Zoë <Ünal> & "Co"',
  ContractNumber: '1001',
  SelfServicePortalUrl: 'https://billing.example/demo/portal?language=en#token=abc.def',
  PortalLinkExpires: '1 March 2026 10:00 UTC',
};

function withTemplate(html: string): TenantSettings {
  return {
    ...defaultTenantSettings(),
    emailTemplates: { requestLink: { en: { subject: 'Your link, {CustomerName}', text: 'Text', html } } },
  };
}

/** The content between the layout's header and footer. */
function content(html: string): string {
  return /<div style="padding:24px">(.*)<\/div><div style="padding:16px 24px;border-top/s.exec(html)![1]!;
}

/** The assertions on a hostile template after rendering, for the rendered and the delivered e-mail alike. */
function assertSanitised(html: string, contractNumber = '1001'): void {
  const body = content(html);
  for (const unsafe of [/<script/i, /alert\(/, /onerror/i, /javascript:/i, /<iframe/i, /<style/i, /evil\.example/]) {
    assert.doesNotMatch(body, unsafe);
  }
  assert.match(body, /<p>Hello <b>Zoë &lt;Ünal&gt; &amp; "Co"<\/b>,<\/p>/, 'the value escaped, the <b> kept');
  assert.match(body, /<a href="https:\/\/shop\.example\/help\?a=1&amp;b=2" rel="noopener">help<\/a>/);
  assert.match(body, /<a>Win a prize<\/a>/, 'the javascript: link loses its address, its text stays');
  assert.ok(
    body.includes(
      '<table cellpadding="4" style="border-collapse:collapse"><tbody>' +
        `<tr><th>Contract</th><td>${contractNumber}</td></tr></tbody></table>`,
    ),
    body,
  );
  assert.match(
    body,
    /<a href="https:\/\/billing\.example\/demo\/portal\?language=en#token=abc\.def" target="_blank" style="color:#0b8457" rel="noopener">Open the portal<\/a>/,
    'the placeholder link is filled in; the position style is dropped',
  );
  assert.doesNotMatch(body, /<img/, 'an image without an allowed address goes');
}

describe('merchant HTML in e-mail templates', () => {
  it('renders an override without script, event handlers, javascript: links, iframes and style elements', () => {
    const mail = renderEmail(withTemplate(HOSTILE_TEMPLATE), 'requestLink', 'en', values);
    assertSanitised(mail.html);
    assert.equal(mail.subject, 'Your link, Zoë <Ünal> & "Co"', 'subjects stay plain text');
  });

  it('checks the links after the values are filled in', () => {
    const template = '<a href="{SelfServicePortalUrl}">Portal</a> <img src="{SelfServicePortalUrl}" alt="x">';
    const hostile = { ...values, SelfServicePortalUrl: 'javascript:alert(1)' };
    const body = content(renderEmail(withTemplate(template), 'requestLink', 'en', hostile).html);
    assert.equal(body, '<a>Portal</a> ');
    const fine = content(renderEmail(withTemplate(template), 'requestLink', 'en', values).html);
    assert.match(fine, /<img src="https:\/\/billing\.example\/demo\/portal\?language=en#token=abc\.def" alt="x">/);
  });

  it('keeps https and inline raster images only, and links to http, https and mailto', () => {
    const { html } = sanitizeEmailHtml(
      '<img src="https://cdn.example/a.png" alt="A" width="120">' +
        '<img src="http://cdn.example/b.png"><img src="data:image/svg+xml;base64,PHN2Zz4=">' +
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="P"><img src="/relative.png">' +
        '<a href="http://a.example/">a</a><a href="mailto:help@shop.example">m</a><a href="/x">r</a>' +
        '<a href="data:text/html,<script>alert(1)</script>">d</a><a href=" JaVaScRiPt:alert(1)">j</a>' +
        '<a href="https://a.example/" target="_top">t</a>',
    );
    assert.equal(
      html,
      '<img src="https://cdn.example/a.png" alt="A" width="120"><img src="data:image/png;base64,iVBORw0KGgo=" alt="P">' +
        '<a href="http://a.example/" rel="noopener">a</a><a href="mailto:help@shop.example" rel="noopener">m</a>' +
        '<a>r</a><a>d</a><a>j</a><a href="https://a.example/" rel="noopener">t</a>',
    );
  });

  it('removes SVG, MathML, forms, meta, link, base, classes, ids and data attributes', () => {
    const { html } = sanitizeEmailHtml(
      '<svg><script>alert(1)</script><a href="https://x.example">s</a></svg><math><mi>x</mi></math>' +
        '<form action="https://evil.example"><input name="iban"><button>Send</button></form>' +
        '<meta http-equiv="refresh" content="0;url=https://evil.example"><link rel="stylesheet" href="https://x">' +
        '<base href="https://evil.example/"><object data="x"></object><embed src="x">' +
        '<div class="c" id="i" data-x="1" title="T">kept</div><!--[if mso]>o<![endif]-->',
    );
    assert.equal(html, 'Send<div title="T">kept</div>');
  });

  it('keeps only layout and typography declarations without URLs, escapes or functions in inline styles', () => {
    const dropped: string[] = [];
    assert.equal(
      filterStyle(
        "color: rgb(0, 0, 0); font-family: 'Inter', sans-serif; padding:4px 8px; border-top:1px solid #ddd;" +
          'position:absolute; background:url(https://t.example/p.gif); width:expression(alert(1));' +
          'color:\\72 ed; behavior:url(x.htc); font-family:"a;b"; background-image:image-set("x.png" 1x);' +
          'margin:/**/0; color:var(--x); text-align:center !important',
        dropped,
      ),
      "color:rgb(0, 0, 0);font-family:'Inter', sans-serif;padding:4px 8px;border-top:1px solid #ddd;" +
        'text-align:center !important',
    );
    assert.deepEqual(dropped, [
      'position:absolute',
      'background:url(https://t.example/p.gif)',
      'width:expression(alert(1))',
      'color:\\72 ed',
      'behavior:url(x.htc)',
      'font-family:"a',
      'b"',
      'background-image:image-set("x.png" 1x)',
      'margin:/**/0',
      'color:var(--x)',
    ]);
    assert.equal(sanitizeEmailHtml('<p style="position:fixed;top:0">x</p>').html, '<p>x</p>');
  });

  it('checks a stored template: placeholders stay, and every removal is listed for the merchant', () => {
    const checked = checkEmailTemplateHtml(HOSTILE_TEMPLATE);
    assert.match(
      checked.html,
      /<a href="\{SelfServicePortalUrl\}" target="_blank" style="color:#0b8457" rel="noopener">/,
    );
    assert.match(checked.html, /<b>\{CustomerName\}<\/b>/);
    assert.deepEqual(checked.removed, [
      '<style>',
      '<script>',
      'onerror="alert(2)" on <img>',
      'src="x" on <img>',
      'href="javascript:alert(3)" on <a>',
      '<iframe>',
      'style "position:fixed" on <a>',
    ]);
    const clean = checkEmailTemplateHtml(
      '<p>Hello <b>{CustomerName}</b>, <a href="{SelfServicePortalUrl}">open</a></p>',
    );
    assert.deepEqual(clean.removed, []);
    assert.deepEqual(sanitizeEmailHtml('<a href="{SelfServicePortalUrl}">x</a>').removed, [
      'href="{SelfServicePortalUrl}" on <a>',
    ]);
  });
});

describeEachDatabase('merchant HTML in a delivered e-mail', (database) => {
  let app: FastifyInstance;
  let tenant: TenantWithCustomer;
  let mailbox: TestMailbox;
  before(async () => {
    app = await testApp(database());
    mailbox = await startTestMailbox();
    tenant = await createTenantWithCustomer(database().db, 'sanitised', {
      settings: { emailTemplates: withTemplate(HOSTILE_TEMPLATE).emailTemplates },
    });
    await database()
      .db.updateTable('persons')
      .set({ first_name: 'Zoë', last_name: '<Ünal> & "Co"' })
      .where('id', '=', tenant.ownerId)
      .execute();
  });
  after(async () => {
    await app.close();
    await mailbox.close();
  });

  it('sends the sanitised override over SMTP (request a link)', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/api/portal/${tenant.tenantId}/request-link`,
      payload: { contractNumber: tenant.contractNumber, email: tenant.ownerEmail },
    });
    assert.equal(response.statusCode, 202, response.body);
    const worker = createDeliveryWorker(database().db, { smtpUrl: mailbox.url, from: 'Portico <billing@example.com>' });
    try {
      // The link is mailed after the answer (so that timing tells nothing about the address).
      for (let attempt = 0; attempt < 100 && mailbox.messages.length === 0; attempt++) {
        await worker.runOnce();
        if (mailbox.messages.length === 0) await delay(50);
      }
    } finally {
      await worker.stop();
    }
    const mail = await mailbox.waitForMail((m) => m.envelopeTo.includes(tenant.ownerEmail));
    const html = (mail.html ?? '').replace(
      /href="(https?:\/\/[^"]+)\/sanitised\/portal\?language=en#token=[^"]+"/,
      'href="https://billing.example/demo/portal?language=en#token=abc.def"',
    );
    assert.match(mail.html ?? '', /href="https?:\/\/[^"]+\/sanitised\/portal\?language=en#token=/);
    assertSanitised(html, tenant.contractNumber);
  });
});
