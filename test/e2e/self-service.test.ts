import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import type { ContractDetails, PortalSession } from '../../packages/core/src/index.ts';
import { readPdf } from '../../packages/server/src/testing/pdf.ts';
import { formatDate } from '../../packages/server/src/i18n/format.ts';
import { usePortico } from './support/portico.ts';
import { fillCard } from './support/signup-form.ts';

/** The demo seed's customer 10001 (Anna Schmidt, SEPA direct debit): contract 20001, the first active one. */
const CONTRACT_NUMBER = '20001';
const OWNER_EMAIL = 'anna.schmidt@acme-analytics.example';
const API_KEY = 'e2e-self-service-demo-api-key-0123456789';

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const mediumDate = (date: string) =>
  new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

/** '€1,234.56' or '1,234 call' → 123456 / 1234: the digits of a figure shown in English. */
const digits = (text: string) => Number(text.replace(/[^\d.]/g, ''));
const cents = (text: string) => Math.round(digits(text) * 100);

/** Parses RFC 4180 CSV (quoted cells with doubled quotes, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** The first sheet of an XLSX file as rows of cell texts (inline strings and numbers), read from its XML. */
function readSheet(xlsx: Buffer): string[][] {
  const files = unzipSync(new Uint8Array(xlsx));
  const sheet = files['xl/worksheets/sheet1.xml'];
  assert.ok(sheet, `no first sheet in the XLSX: ${Object.keys(files).join(', ')}`);
  const xml = strFromU8(sheet);
  return [...xml.matchAll(/<row\b[^>]*>(.*?)<\/row>/gs)].map((row) =>
    [...row[1]!.matchAll(/<c\b[^>]*>(.*?)<\/c>/gs)].map((cell) => {
      const value = /<v>(.*?)<\/v>|<t\b[^>]*>(.*?)<\/t>/s.exec(cell[1]!);
      return (value?.[1] ?? value?.[2] ?? '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    }),
  );
}

describe('customer self-service in Chromium (issue 5)', () => {
  const e2e = usePortico({ mailbox: true, publicUrl: true, env: { PORTICO_DEMO_API_KEY: API_KEY } });
  let page: Page;
  let contractId: string;
  let pageErrors: string[] = [];

  const merchant = (path: string, body: object) =>
    fetch(`${e2e.portico.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** What the portal's own API tells the browser's session (the token is read from the session's requests). */
  let sessionToken = '';
  const portalApi = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${e2e.portico.url}/api/portal/demo${path}`, {
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    assert.equal(response.status, 200, `${path}: ${response.status}`);
    return (await response.json()) as T;
  };

  before(async () => {
    // The merchant's backend knows the contract's id; here it is found through the demo site's own portal token.
    const config = (await (await fetch(`${e2e.portico.url}/demo-site/config.json`)).json()) as { portalToken: string };
    const session = await fetch(`${e2e.portico.url}/api/portal/demo/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: config.portalToken }),
    });
    contractId = ((await session.json()) as PortalSession).contractIds[0]!;
  });

  const nav = (view: string) => page.locator(`portico-portal nav button[data-view="${view}"]`);

  it('opens the portal with a token the merchant API issues', async () => {
    const response = await merchant(`/api/v1/contracts/${contractId}/self-service-token`, { language: 'en' });
    assert.equal(response.status, 200);
    const link = (await response.json()) as { url: string };
    ({ page, errors: pageErrors } = await e2e.open(link.url, {
      prepare: (opening) =>
        opening.on('request', (request) => {
          const auth = request.headers().authorization;
          if (request.url().includes('/api/portal/') && auth?.startsWith('Bearer ')) sessionToken = auth.slice(7);
        }),
    }));
    await page.locator('portico-portal-dashboard li.contract', { hasText: CONTRACT_NUMBER }).waitFor();
    assert.ok(sessionToken, 'the portal calls its API with the session token');
  });

  it('changes the billing address and finds it on the next invoice of the billing run', async () => {
    await nav('billing-address').click();
    const section = page.locator('portico-portal-billing-address');
    await section.getByRole('button', { name: 'Change billing address' }).click();
    await section.getByLabel('Street').fill('Neue Allee');
    await section.getByLabel('House number').fill('7');
    await section.getByLabel('Postal code').fill('14467');
    await section.getByLabel('City').fill('Potsdam');
    await section.getByRole('button', { name: 'Save billing address' }).click();
    await section.getByText('The billing address is saved.').waitFor();

    // The merchant (or `npm run bill`) runs the billing on the day after the current period.
    const contract = await portalApi<ContractDetails>(`/contracts/${contractId}`);
    const date = addDays(contract.currentPeriodEnd, 1);
    const run = await merchant('/api/v1/billing-runs', { date });
    assert.equal(run.status, 200);
    const result = (await run.json()) as {
      invoices: Array<{ number: string; contractId: string; periodStart: string }>;
    };
    const issued = result.invoices.find((invoice) => invoice.contractId === contractId);
    assert.ok(issued, `no invoice for contract ${CONTRACT_NUMBER}: ${JSON.stringify(result)}`);
    assert.equal(issued.periodStart, date);
    const again = (await (await merchant('/api/v1/billing-runs', { date })).json()) as { invoiceNumbers: string[] };
    assert.deepEqual(again.invoiceNumbers, [], 'a second run for the same date issues nothing');

    // The portal's invoice list shows it; its PDF carries the new address.
    await nav('invoices').click();
    const row = page.locator('portico-portal-invoices tbody tr', { hasText: issued.number });
    await row.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), row.locator('button').first().click()]);
    const pdf = await readFile((await download.path())!);
    const text = readPdf(pdf).lines.join('\n');
    assert.ok(text.includes(issued.number), text);
    assert.ok(text.includes('Neue Allee 7'), `the new street is on the invoice:\n${text}`);
    assert.ok(text.includes('14467 Potsdam'), `the new city is on the invoice:\n${text}`);
    assert.ok(!text.includes('Friedrichstraße'), 'the old street is not');
  });

  it('replaces SEPA by a sandbox card', async () => {
    await nav('payment-method').click();
    const section = page.locator('portico-portal-payment-method');
    await section.locator('dd[data-field="kind"]', { hasText: 'SEPA direct debit' }).waitFor();
    await section.getByRole('button', { name: 'Replace payment method' }).click();
    await section.getByRole('radio', { name: 'Credit card' }).check();
    await fillCard(page, 'Anna Schmidt', '4242 4242 4242 4242');
    await section.getByRole('button', { name: 'Save payment method' }).click();
    await section.getByText('Your payment method is replaced.').waitFor();
    assert.equal((await section.locator('dd[data-field="kind"]').textContent())?.trim(), 'Credit card');
    assert.match((await section.locator('dd[data-field="masked"]').textContent()) ?? '', /4242/);
  });

  it('cancels to a later date after a second confirmation, gets the e-mail, and withdraws', async () => {
    await nav('cancellation').click();
    const section = page.locator('portico-portal-cancellation');
    await section.locator('p.end').waitFor();
    const info = await portalApi<{ earliestEndDate: string }>(`/contracts/${contractId}/cancellation`);
    const endDate = addDays(info.earliestEndDate, 14);
    await section.getByLabel('Reason for cancelling (optional)').fill('Moving to a yearly plan.');
    await section.getByRole('radio', { name: 'On a later date' }).check();
    await section.getByLabel('End date').fill(endDate);
    await section.getByRole('button', { name: 'Continue to cancellation' }).click();
    await section.getByRole('heading', { name: 'Please confirm the cancellation' }).waitFor();
    const seen = e2e.mailbox.messages.length;
    await section.getByRole('button', { name: `Cancel contract as of ${mediumDate(endDate)}` }).click();
    await section.getByText(`Your contract is ending on ${mediumDate(endDate)}.`).waitFor();
    // The confirmation goes out in the language the portal shows (English here, although the demo owner's language
    // is German) and names the end date in it ("November 30, 2026"), not as ISO.
    const shownEndDate = formatDate('en', endDate);
    const mail = await e2e.mailbox.waitForMail(
      (m) => m.subject.includes(CONTRACT_NUMBER) && m.text.includes(shownEndDate),
      { since: seen },
    );
    assert.ok(!mail.text.includes(endDate), mail.text);
    assert.ok(mail.envelopeTo.includes(OWNER_EMAIL), mail.envelopeTo.join(', '));
    const cancelled = e2e.mailbox.messages.length;

    await section.getByRole('button', { name: 'Withdraw cancellation' }).click();
    await section.getByText('Your cancellation is withdrawn.').waitFor();
    await e2e.mailbox.waitForMail((m) => m.subject.includes(CONTRACT_NUMBER), { since: cancelled });
    const after = await portalApi<{ endDate: string | null; status: string }>(`/contracts/${contractId}/cancellation`);
    assert.equal(after.endDate, null);
    assert.equal(after.status, 'active');
  });

  it('downloads usage as CSV and XLSX whose totals match the screen', async () => {
    await nav('usage').click();
    const section = page.locator('portico-portal-usage');
    const rows = section.locator('table.totals tbody tr');
    await rows.first().waitFor();
    const shown: Array<{ name: string; quantity: number; priceCents: number }> = [];
    for (const row of await rows.all()) {
      shown.push({
        name: ((await row.locator('th').textContent()) ?? '').trim(),
        quantity: digits((await row.locator('td.quantity').textContent()) ?? ''),
        priceCents: cents((await row.locator('td.price').textContent()) ?? ''),
      });
    }
    assert.ok(
      shown.some((total) => total.quantity > 0),
      `the demo contract has usage this month: ${JSON.stringify(shown)}`,
    );

    const fetchDownload = async (format: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        section.locator(`button[data-format="${format}"]`).click(),
      ]);
      assert.match(download.suggestedFilename(), new RegExp(`\\.${format}$`));
      return readFile((await download.path())!);
    };
    const compare = (table: string[][], format: string) => {
      const header = table[0]!;
      const total = table.find((row) => row[0] === 'Total');
      const price = table.find((row) => row[0]?.startsWith('Price'));
      assert.ok(total && price, `${format}: no Total and Price rows`);
      shown.forEach((figure, index) => {
        assert.ok(header[index + 1]!.startsWith(figure.name), `${format} column ${index + 1}: ${header[index + 1]}`);
        assert.equal(Number(total[index + 1]), figure.quantity, `${format} total of ${figure.name}`);
        assert.equal(
          Math.round(Number(price[index + 1]) * 100),
          figure.priceCents,
          `${format} price of ${figure.name}`,
        );
      });
      const days = table.slice(1).filter((row) => /^\d{4}-\d{2}-\d{2}$/.test(row[0]!));
      shown.forEach((figure, index) => {
        const sum = days.reduce((acc, row) => acc + Number(row[index + 1]), 0);
        assert.equal(sum, figure.quantity, `${format}: the days add up to the total of ${figure.name}`);
      });
    };
    compare(parseCsv((await fetchDownload('csv')).toString('utf8')), 'CSV');
    compare(readSheet(await fetchDownload('xlsx')), 'XLSX');
    assert.deepEqual(pageErrors, []);
  });
});
