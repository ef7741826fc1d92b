import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TenantSettings } from '../db/schema.ts';
import { defaultTenantSettings } from '../db/tenant.ts';
import { brandOf, contrastRatio, safeFontFamily, safeLogoUrl } from '../documents/branding.ts';
import { BUILT_IN_EMAILS, renderEmail } from './templates.ts';

const values = {
  CompanyName: 'Northwind Cloud',
  CustomerName: 'Zoë Ünal',
  CustomerNumber: '5001',
  ContractNumber: '1001',
  PlanName: 'Team – monthly',
  TrialNote: '',
  SelfServicePortalUrl: 'https://billing.example/demo/portal?language=de#token=abc.def.ghi',
  PortalLinkExpires: '1 March 2026 10:00 UTC',
};

function settings(branding: Partial<TenantSettings['branding']> = {}, emailTemplates = {}): TenantSettings {
  const base = defaultTenantSettings();
  return { ...base, branding: { ...base.branding, ...branding }, emailTemplates };
}

describe('e-mails from the translated messages', () => {
  it('writes the order confirmation in German, French and Lithuanian with every placeholder filled', () => {
    const de = renderEmail(settings(), 'orderConfirmation', 'de', values);
    assert.equal(de.subject, 'Willkommen bei Northwind Cloud: Ihre Bestellung 1001');
    assert.match(
      de.text,
      /^Hallo Zoë Ünal,\n\nvielen Dank für Ihre Bestellung von Team – monthly \(Vertrag 1001, Kundennummer 5001\)\./,
    );
    assert.match(de.text, /Der Link gilt bis 1 March 2026 10:00 UTC;/);
    assert.match(de.text, /\nhttps:\/\/billing\.example\/demo\/portal\?language=de#token=abc\.def\.ghi\n/);
    assert.match(de.text, /Freundliche Grüße\nNorthwind Cloud\n$/);
    assert.doesNotMatch(de.text + de.html + de.subject, /\{[A-Za-z]+\}/, 'no placeholder left unfilled');
    assert.match(de.html, /<html lang="de" dir="ltr">/);
    assert.match(de.html, />Kundenportal öffnen<\/a>/);

    const fr = renderEmail(settings(), 'orderConfirmation', 'fr', values);
    assert.equal(fr.subject, 'Bienvenue chez Northwind Cloud : votre commande 1001');
    assert.match(fr.text, /^Bonjour Zoë Ünal,/);

    const lt = renderEmail(settings(), 'orderConfirmation', 'lt', values);
    assert.equal(lt.subject, 'Sveiki atvykę į Northwind Cloud: jūsų užsakymas 1001');
    assert.match(lt.text, /Pagarbiai\nNorthwind Cloud/);
  });

  it('falls back de-AT → de → English and marks Arabic right to left', () => {
    assert.match(renderEmail(settings(), 'orderConfirmation', 'de-AT', values).subject, /^Willkommen bei/);
    const unknown = renderEmail(settings(), 'orderConfirmation', 'ja', values);
    assert.equal(unknown.subject, 'Welcome to Northwind Cloud: your order 1001');
    assert.match(unknown.html, /<html lang="en" dir="ltr">/);
    const ar = renderEmail(settings(), 'requestLink', 'ar', values);
    assert.match(ar.html, /<html lang="ar" dir="rtl">/);
    assert.match(ar.subject, /رابطك إلى بوابة عملاء Northwind Cloud/);
  });

  it('renders every built-in e-mail in every language without leftover placeholders', () => {
    const all = {
      ...values,
      EndDate: '2026-03-31',
      InviterName: 'Ada',
      AccountName: 'Acme',
      PaymentMethod: 'SEPA',
      MandateNote: 'Mandate MR-1',
      InvoiceNumber: 'INV-000042',
      Amount: '€11.90',
      DueDate: '15 December 2026',
      PeriodStart: '1 December 2026',
      PeriodEnd: '31 December 2026',
    };
    for (const language of ['en', 'ar', 'cs', 'de', 'es', 'fr', 'it', 'lt', 'nl', 'pl', 'pt', 'sv']) {
      for (const name of BUILT_IN_EMAILS) {
        const mail = renderEmail(settings(), name, language, all);
        assert.doesNotMatch(`${mail.subject}\n${mail.text}\n${mail.html}`, /\{[A-Za-z]+\}/, `${name} ${language}`);
        assert.match(mail.html, new RegExp(`<html lang="${language}"`));
      }
    }
    assert.match(renderEmail(settings(), 'paymentMethodChanged', 'en', all).text, /\n\nMandate MR-1\n\n/);
    assert.match(
      renderEmail(settings(), 'invoiceIssued', 'en', all).text,
      /your invoice INV-000042 for contract 1001 \(period 1 December 2026 to 31 December 2026\) is attached as a PDF\. The amount of €11\.90 is due on 15 December 2026\./,
    );
    assert.match(renderEmail(settings(), 'personInvitation', 'en', all).text, /authorised person for Acme in/);
    assert.match(
      renderEmail(settings(), 'personInvitation', 'en', { ...all, AccountName: '' }).text,
      /authorised person in the Northwind Cloud customer portal/,
    );
  });

  it('greets by name, and without one when the recipient has none (never by e-mail address)', () => {
    for (const name of BUILT_IN_EMAILS) {
      assert.match(renderEmail(settings(), name, 'en', values).text, /^Hello Zoë Ünal,\n/, name);
      const nameless = renderEmail(settings(), name, 'en', { ...values, CustomerName: '' });
      assert.match(nameless.text, /^Hello,\n/, name);
      assert.match(nameless.html, /<p style="margin:0 0 16px">Hello,<\/p>/, name);
    }
    assert.match(renderEmail(settings(), 'requestLink', 'de', { ...values, CustomerName: ' ' }).text, /^Guten Tag,\n/);
    assert.match(renderEmail(settings(), 'requestLink', 'pl', { ...values, CustomerName: '' }).text, /^Dzień dobry!\n/);
  });

  it('tells an invitee the contract number to request a new link with', () => {
    const en = renderEmail(settings(), 'personInvitation', 'en', { ...values, InviterName: 'Ada', AccountName: '' });
    assert.match(en.text, /request a new one on the portal page with contract number 1001 and your e-mail address/);
    const de = renderEmail(settings(), 'personInvitation', 'de', { ...values, InviterName: 'Ada', AccountName: '' });
    assert.match(de.text, /mit der Vertragsnummer 1001 und Ihrer E-Mail-Adresse/);
  });

  it("lets the tenant's own template win for its language, and only there", () => {
    const own = settings(
      {},
      {
        orderConfirmation: {
          de: { subject: 'Hallo {CustomerName} von {CompanyName}', text: 'Eigener Text {PlanName}' },
        },
      },
    );
    const de = renderEmail(own, 'orderConfirmation', 'de-CH', values);
    assert.equal(de.subject, 'Hallo Zoë Ünal von Northwind Cloud');
    assert.equal(de.text, 'Eigener Text Team – monthly');
    assert.match(de.html, /<p style="margin:0 0 16px">Eigener Text Team – monthly<\/p>/);
    assert.equal(
      renderEmail(own, 'orderConfirmation', 'fr', values).subject,
      'Bienvenue chez Northwind Cloud : votre commande 1001',
    );
  });

  it('escapes hostile values in HTML and keeps them literal in text; subjects stay on one line', () => {
    const hostile = { ...values, CustomerName: '<script>alert(1)</script> "x"\nBcc: evil@example.com' };
    const mail = renderEmail(settings(), 'orderConfirmation', 'en', hostile);
    assert.doesNotMatch(mail.html, /<script>/);
    assert.match(mail.html, /&#60;script&#62;alert\(1\)&#60;\/script&#62; &#34;x&#34;/);
    assert.match(mail.text, /Hello <script>alert\(1\)<\/script> "x"/);
    const override = settings(
      {},
      { orderConfirmation: { en: { subject: '{CustomerName}', text: 'x', html: '<p>{CustomerName}</p>' } } },
    );
    const own = renderEmail(override, 'orderConfirmation', 'en', hostile);
    assert.doesNotMatch(own.subject, /\n/);
    assert.match(own.html, /<p>&lt;script&gt;alert\(1\)&lt;\/script&gt; "x"/, 'escaped, then sanitised as text');
  });
});

describe('branded e-mail layout', () => {
  it('shows an https logo with the tenant name as alt text, in the primary colour and font', () => {
    const mail = renderEmail(
      settings({
        logoUrl: 'https://cdn.example/logo.png?a=1&b="2"',
        primaryColor: '#0B8457',
        fontFamily: 'Inter, system-ui',
      }),
      'orderConfirmation',
      'en',
      values,
    );
    assert.match(mail.html, /<img src="https:\/\/cdn\.example\/logo\.png\?a=1&#38;b=%222%22" alt="Northwind Cloud"/);
    assert.match(mail.html, /background:#0b8457;color:#ffffff/);
    assert.match(mail.html, /font-family:Inter, system-ui/);
  });

  it('rejects javascript: and other unsafe logos, sanitises colour and font, and picks readable header text', () => {
    const mail = renderEmail(
      settings({
        logoUrl: 'javascript:alert(1)',
        primaryColor: 'red;background:url(https://evil.example/x)',
        fontFamily: 'Evil"; background:url(x); x:"',
      }),
      'orderConfirmation',
      'en',
      values,
    );
    assert.doesNotMatch(mail.html, /javascript:|evil\.example|url\(/);
    assert.doesNotMatch(mail.html, /<img/);
    assert.match(mail.html, /<span style="font-size:20px;font-weight:bold">Northwind Cloud<\/span>/);
    assert.match(mail.html, /background:#1f5fbf;color:#ffffff/, 'the default colour replaces an invalid one');
    for (const url of [
      'javascript:alert(1)',
      'http://cdn.example/x.png',
      'data:image/svg+xml;base64,PHN2Zz4=',
      'https://u:p@x.example/',
    ]) {
      assert.equal(safeLogoUrl(url), null, url);
    }
    assert.equal(safeFontFamily('Evil"; background:url(x); x:"'), 'sans-serif');
    assert.equal(safeFontFamily('Source Sans 3, serif'), "'Source Sans 3', serif");

    const light = brandOf('N', { primaryColor: '#ffd400' });
    assert.equal(light.onPrimaryColor, '#1a1a1a', 'dark text on a light brand colour');
    assert.ok(contrastRatio(light.primaryColor, light.onPrimaryColor) >= 4.5);
    assert.equal(
      light.linkColor,
      '#1a1a1a',
      'links fall back to the text colour when the brand colour is unreadable on white',
    );
    const dark = brandOf('N', { primaryColor: '#123' });
    assert.equal(dark.primaryColor, '#112233');
    assert.equal(dark.onPrimaryColor, '#ffffff');
  });
});
