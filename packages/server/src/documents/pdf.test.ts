import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Invoice, InvoiceLine } from '../db/schema.ts';
import { renderContractPdf, type ContractDocumentData } from './contract-pdf.ts';
import { renderInvoicePdf } from './invoice-pdf.ts';
import { renderUsagePdf } from './usage-pdf.ts';
import { embeddableLogo, fontCovers, pdfLanguage, unicodeFont } from './pdf.ts';
import { readPdf } from '../testing/pdf.ts';

// A 1×1 red PNG.
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

function invoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    tenant_id: 'demo',
    customer_id: '00000000-0000-4000-8000-000000000002',
    contract_id: null,
    number: 'RE-2026-0042',
    kind: 'invoice',
    status: 'open',
    issue_date: '2026-03-05',
    due_date: '2026-03-19',
    period_start: '2026-03-01',
    period_end: '2026-03-31',
    currency: 'EUR',
    net_cents: 123456,
    tax_cents: 23457,
    gross_cents: 146913,
    tax_rate_basis_points: 1900,
    reverse_charge: false,
    billing_address: { firstName: 'Zoë', lastName: '<script>Ünal</script>', city: 'Wien', country: 'AT' },
    corrects_invoice_id: null,
    language: 'de-AT',
    paid_at: null,
    created_at: new Date('2026-03-05T10:00:00Z'),
    ...overrides,
  } as Invoice;
}

const lines = [{ description: 'Team – monatlich', quantity: 1, amount_cents: 123456 }] as unknown as InvoiceLine[];

const branding = { primaryColor: '#0B8457', logoUrl: PNG, fontFamily: 'Inter', accentColor: '#000000', theme: 'x' };

describe('invoice PDF', () => {
  it('is written in the invoice language with its dates and money, in the primary colour and with the logo', async () => {
    const pdf = await renderInvoicePdf({
      merchantName: 'Nordwind',
      invoice: invoice(),
      lines,
      correctsNumber: null,
      branding,
    });
    const { lines: text, colors } = readPdf(pdf);
    const all = text.join('\n');
    assert.match(all, /Rechnung RE-2026-0042/);
    assert.match(all, /Datum: 5\. März 2026/);
    assert.match(all, /Fällig: 19\. März 2026/);
    assert.match(all, /Leistungszeitraum: 1\. März 2026 bis 31\. März 2026/);
    assert.match(all, /Status: offen/);
    assert.ok(text.includes('Beschreibung') && text.includes('Betrag') && text.includes('Netto'), all);
    assert.match(all, /USt\. \(19\s%\)/);
    assert.match(all, /€\s1\.234,56/, 'Austrian money format');
    assert.match(all, /Team – monatlich/);
    assert.match(all, /Zoë <script>Ünal<\/script>/, 'values are printed literally');
    assert.ok(text.includes('Österreich') && !text.includes('AT'), 'the country by its name, in German');
    assert.ok(colors.has('#0b8457'), `primary colour missing from ${[...colors].join(' ')}`);
    assert.match(pdf.toString('latin1'), /\/Subtype \/Image/, 'the data: PNG logo is embedded');
  });

  it('writes line quantities with the language’s thousands separators', async () => {
    const metered = [
      { description: 'Team – monatlich', quantity: 1, amount_cents: 4900 },
      { description: 'API-Aufrufe', quantity: 21900, amount_cents: 3285 },
      { description: 'Speicher', quantity: 1234.5, amount_cents: 100 },
    ] as unknown as InvoiceLine[];
    const render = async (language: string) =>
      readPdf(
        await renderInvoicePdf({
          merchantName: 'Nordwind',
          invoice: invoice({ language }),
          lines: metered,
          correctsNumber: null,
        }),
      ).lines.join('\n');
    const german = await render('de');
    assert.match(german, /21\.900 × API-Aufrufe/);
    assert.match(german, /1\.234,5 × Speicher/);
    assert.doesNotMatch(german, /1 × Team/, 'a single unit shows no quantity');
    assert.match(await render('en'), /21,900 × API-Aufrufe/);
  });

  it('titles a credit note and notes the corrected invoice; the default colour replaces an invalid one', async () => {
    const pdf = await renderInvoicePdf({
      merchantName: 'Northwind',
      invoice: invoice({ kind: 'credit_note', language: 'fr', status: 'paid', reverse_charge: true }),
      lines,
      correctsNumber: 'RE-2026-0041',
      branding: { primaryColor: 'red;background:url(x)', logoUrl: 'https://cdn.example/logo.png' },
    });
    const { lines: text, colors } = readPdf(pdf);
    const all = text.join('\n');
    assert.match(all, /Avoir RE-2026-0042/);
    assert.match(all, /Rectifie la facture RE-2026-0041/);
    assert.match(all, /Statut : payée/);
    assert.match(all, /Autoliquidation/);
    assert.ok(colors.has('#1f5fbf'), [...colors].join(' '));
    assert.doesNotMatch(pdf.toString('latin1'), /\/Subtype \/Image/, 'a remote logo is never fetched');
  });

  it('lays Arabic out right to left: mirrored columns, joined letters, numbers in reading order', async (t) => {
    const pdf = await renderInvoicePdf({
      merchantName: 'Nordwind',
      invoice: invoice({ language: 'ar-EG' }),
      lines,
      correctsNumber: null,
    });
    const { runs, lines: text, glyphsPerCharacter } = readPdf(pdf);
    const font = unicodeFont();
    if (!font || !fontCovers(font[0], 'فاتورة')) {
      assert.ok(text.includes('Invoice RE-2026-0042'), text.join(' | '));
      assert.equal(pdfLanguage('ar-EG'), 'en');
      t.diagnostic('no font with Arabic letters installed: Arabic falls back to English');
      return;
    }
    assert.equal(pdfLanguage('ar-EG'), 'ar-EG');
    // Runs hold glyphs left to right; an Arabic word reads from the right.
    const run = (logical: string) => runs.find((r) => [...r.text].reverse().join('').trim() === logical);
    const title = run('فاتورة');
    const number = runs.find((r) => r.text.trim() === 'RE-2026-0042');
    assert.ok(title && number, text.join(' | '));
    assert.equal(number.y, title.y, 'one line');
    assert.ok(number.x < title.x, 'the number follows the word, to its left');
    const description = run('الوصف');
    const amount = run('المبلغ');
    assert.ok(description && amount, text.join(' | '));
    assert.ok(description.x > amount.x, 'the description column is on the right, the amounts on the left');
    assert.ok(title.x > 300, 'the title starts at the right margin');
    assert.ok(
      runs.some((r) => /[\u0600-\u06ff]/.test(r.text) && /2026|٢٠٢٦/.test(r.text)),
      'a date inside an Arabic sentence keeps its digits in order',
    );
    assert.ok((glyphsPerCharacter.get('ت') ?? 0) >= 2, 'Arabic letters take their joined forms');
  });

  it('prints an Arabic name in a German invoice with joined letters, in a left-to-right layout', async (t) => {
    const font = unicodeFont();
    if (!font || !fontCovers(font[0], 'ليلى')) return t.skip('no font with Arabic letters installed');
    const { runs, glyphsPerCharacter } = readPdf(
      await renderInvoicePdf({
        merchantName: 'Nordwind',
        invoice: invoice({ billing_address: { firstName: 'ليلى', lastName: 'Haddad', city: 'Wien', country: 'AT' } }),
        lines,
        correctsNumber: null,
      }),
    );
    const name = runs.filter((r) => r.text.includes('Haddad') || r.text.includes('ىليل'));
    assert.equal(name.length, 2, JSON.stringify(runs.slice(0, 8)));
    const description = runs.find((r) => r.text === 'Beschreibung');
    const amount = runs.find((r) => r.text === 'Betrag');
    assert.ok(description && amount && description.x < amount.x, 'German keeps the description on the left');
    assert.ok((glyphsPerCharacter.get('ل') ?? 0) >= 2, 'the name is shaped (initial and medial lam)');
  });

  it('prints Czech with a Unicode font when one is installed, else in English', async (t) => {
    const pdf = await renderInvoicePdf({
      merchantName: 'N',
      invoice: invoice({ language: 'cs' }),
      lines,
      correctsNumber: null,
    });
    const { lines: text, fonts } = readPdf(pdf);
    if (!unicodeFont()) {
      assert.ok(text.includes('Invoice RE-2026-0042'));
      t.diagnostic('no Unicode font installed: Czech falls back to English');
      return;
    }
    assert.ok(text.includes('Faktura RE-2026-0042'), text.join(' | '));
    assert.ok(text.includes('Částka'), text.join(' | '));
    assert.ok(
      fonts.some((font) => /DejaVu|Liberation/.test(font)),
      fonts.join(),
    );
  });

  it('embeds only PNG and JPEG data URLs as logos', () => {
    assert.ok(embeddableLogo(PNG));
    assert.equal(embeddableLogo('https://cdn.example/logo.png'), null);
    assert.equal(embeddableLogo('data:image/svg+xml;base64,PHN2Zz4='), null);
    assert.equal(embeddableLogo(null), null);
  });
});

describe('contract PDF', () => {
  const data: ContractDocumentData = {
    tenantName: 'Northwind',
    contractNumber: '1001',
    customerNumber: '5001',
    customer: {
      name: 'Zoë Ünal',
      company: null,
      addressLines: ['Weg 1', '10115 Berlin'],
      country: 'AT',
      email: 'z@example.com',
      vatId: null,
    },
    planName: 'Team – monthly',
    startDate: '2026-03-05',
    trialEnd: '2026-03-19',
    minimumTermEnd: null,
    noticePeriodDays: 30,
    billingPeriodMonths: 1,
    currency: 'EUR',
    lines: [{ description: 'Team', quantity: 1, amountCents: 4900 }],
    discount: null,
    netCents: 4900,
    taxRateBasisPoints: 1900,
    taxCents: 931,
    grossCents: 5831,
    reverseCharge: false,
    payment: ['Invoice'],
    terms: [
      {
        key: 'terms',
        label: {
          en: 'I accept the <a href="https://example.com/agb">terms</a><script>alert(1)</script>',
          de: 'Ich akzeptiere die <a href="https://example.com/agb"><b>AGB</b></a>.<br>Stand&nbsp;2026',
        },
        textVersion: '3',
        acceptedAt: '2026-03-05T10:00:00.000Z',
      },
    ],
    language: 'de',
    branding,
  };

  it('uses the German messages, Intl durations and the brand colour', async () => {
    const { lines: text, colors } = readPdf(await renderContractPdf(data));
    const all = text.join('\n');
    assert.match(all, /Vertrag 1001/);
    assert.match(all, /Kunde 5001/);
    assert.match(all, /Abrechnungszeitraum: 1 Monat/);
    assert.match(all, /Kündigungsfrist: 30 Tage/);
    assert.match(all, /Kostenloser Test bis: 19\. März 2026/);
    assert.match(all, /USt\. 19\s%: 9,31\s€/);
    assert.match(all, /Akzeptierte Bedingungen/);
    assert.ok(colors.has('#0b8457'));
  });

  it('prints the country by its name in the document language', async () => {
    const german = readPdf(await renderContractPdf(data)).lines;
    assert.ok(german.includes('Österreich'), german.join(' | '));
    assert.ok(!german.includes('AT'));
    const english = readPdf(await renderContractPdf({ ...data, language: 'en' })).lines;
    assert.ok(english.includes('Austria'), english.join(' | '));
  });

  it('lists an accepted term by its label as plain text in the document language, not by its key', async () => {
    const german = readPdf(await renderContractPdf(data)).lines.join('\n');
    assert.match(german, /Ich akzeptiere die AGB\. Stand\s2026 \(Version 3\), 5\. März 2026/);
    assert.doesNotMatch(german, /terms \(Version/);
    assert.doesNotMatch(german, /<|href/);
    const english = readPdf(await renderContractPdf({ ...data, language: 'en' })).lines.join('\n');
    assert.match(english, /I accept the terms \(version 3\)/);
    assert.doesNotMatch(english, /alert/);
  });

  it('stays English without a language', async () => {
    const { lines: text } = readPdf(await renderContractPdf({ ...data, language: undefined }));
    assert.match(text.join('\n'), /Billing period: 1 month\nMinimum|Billing period: 1 month/);
    assert.ok(text.includes('Contract 1001'));
  });
});

describe('usage PDF', () => {
  it('titles, labels and formats the month in the customer language', async () => {
    const pdf = await renderUsagePdf(
      {
        month: '2026-10',
        dimension: 'eu-west',
        dimensions: [],
        firstMonth: '2026-01',
        days: [{ date: '2026-10-01', quantities: { c1: 1234.5 } }],
        totals: [
          { componentId: 'c1', name: 'API-Aufrufe', unit: 'Tsd.', units: {}, quantity: 1234.5, priceCents: 1999 },
        ],
        currency: 'EUR',
      },
      { language: 'de', tenantName: 'Nordwind', branding: { primaryColor: '#0b8457' } },
    );
    const { lines, colors } = readPdf(pdf);
    const text = lines.map((line) => line.replace(/\u00a0/g, ' '));
    assert.ok(text.includes('Nutzung Oktober 2026: eu-west'), text.join(' | '));
    for (const expected of ['Datum', 'API-Aufrufe (Tsd.)', '01.10.2026', '1.234,5', 'Gesamt', 'Preis', '19,99 €']) {
      assert.ok(text.includes(expected), `${expected} in ${text.join(' | ')}`);
    }
    assert.ok(colors.has('#0b8457'));
  });
});
