import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { strFromU8, unzipSync } from 'fflate';
import { createSelfServiceLink } from '../access/links.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { readPdf } from '../testing/pdf.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession, type TenantWithCustomer } from '../testing/portal.ts';
import { toCsv } from './usage-export.ts';
import { addUsage } from '../testing/usage.ts';

describeEachDatabase('portal usage export', (database) => {
  let app: FastifyInstance;
  const db = () => database().db;
  let acme: TenantWithCustomer;
  let ids: { callsId: string; storageId: string };
  let session: string;

  before(async () => {
    app = await testApp(database());
    acme = await createTenantWithCustomer(db(), 'acme');
    ids = await addUsage(db(), acme);
    const { token } = await createSelfServiceLink(db(), {
      tenantId: 'acme',
      contractId: acme.contractId,
      personId: acme.ownerId,
    });
    session = await openSession(app, 'acme', token);
  });
  after(() => app.close());

  const get = (path: string) => app.inject({ url: path, headers: { authorization: `Bearer ${session}` } });
  const base = () => `/api/portal/acme/contracts/${acme.contractId}/usage`;

  describe('downloads', () => {
    it('CSV has the same figures as the statistics', async () => {
      const stats = (await get(`${base()}?month=2026-10&dimension=token:alpha`)).json();
      const response = await get(`${base()}/export?month=2026-10&dimension=token:alpha&format=csv`);
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'] as string, /^text\/csv/);
      assert.match(
        response.headers['content-disposition'] as string,
        /attachment; filename="usage-2026-10-token_alpha\.csv"/,
      );
      const lines = response.body.trim().split('\r\n');
      assert.equal(lines[0], 'Date,API calls (call),Storage (GB)');
      assert.equal(lines[1], '2026-10-01,1000,0');
      assert.equal(lines.length, 1 + 31 + 2);
      assert.equal(lines.at(-2), `Total,${stats.totals[0].quantity},${stats.totals[1].quantity}`);
      assert.equal(lines.at(-1), 'Price (EUR),4.5,0');
    });

    it('XLSX is a real workbook with the same totals', async () => {
      const response = await get(`${base()}/export?month=2026-10&format=xlsx`);
      assert.equal(response.statusCode, 200);
      const files = unzipSync(new Uint8Array(response.rawPayload));
      assert.deepEqual(Object.keys(files).sort(), [
        '[Content_Types].xml',
        '_rels/.rels',
        'xl/_rels/workbook.xml.rels',
        'xl/workbook.xml',
        'xl/worksheets/sheet1.xml',
      ]);
      const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
      assert.match(
        sheet,
        /<row r="33"><c r="A33" t="inlineStr"><is><t xml:space="preserve">Total<\/t><\/is><\/c><c r="B33"><v>3500<\/v><\/c><c r="C33"><v>7<\/v><\/c><\/row>/,
      );
      assert.match(sheet, /<c r="B34"><v>5.25<\/v><\/c>/);
    });

    it('PDF and JSON', async () => {
      const pdf = await get(`${base()}/export?month=2026-10&format=pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
      const json = await get(`${base()}/export?month=2026-10&format=json`);
      assert.deepEqual(json.json(), (await get(`${base()}?month=2026-10`)).json());
    });

    it('names the components as the screen does, in the language the element asks for, units in the plural', async () => {
      await db()
        .updateTable('components')
        .set({ i18n: { de: { name: 'API-Aufrufe', unit: 'Aufruf', units: { one: 'Aufruf', other: 'Aufrufe' } } } })
        .where('id', '=', ids.callsId)
        .execute();
      const german = (path: string) =>
        app.inject({ url: path, headers: { authorization: `Bearer ${session}`, 'accept-language': 'de' } });
      try {
        const screen = (await german(`${base()}?month=2026-10`)).json();
        assert.equal(screen.totals[0].name, 'API-Aufrufe');
        assert.deepEqual((await german(`${base()}/export?month=2026-10&format=json`)).json(), screen);
        const csv = (await german(`${base()}/export?month=2026-10&format=csv`)).body;
        const lines = csv.trim().split('\r\n');
        assert.equal(lines[0], 'Datum,API-Aufrufe (Aufrufe),Storage (GB)');
        assert.match(lines.at(-2)!, /^Gesamt,/);
        assert.equal(lines.at(-1), 'Preis (EUR),5.25,0.14');
        const xlsx = unzipSync(new Uint8Array((await german(`${base()}/export?month=2026-10&format=xlsx`)).rawPayload));
        const sheet = strFromU8(xlsx['xl/worksheets/sheet1.xml']!);
        assert.match(sheet, /API-Aufrufe \(Aufrufe\)/);
        assert.match(sheet, />Datum</);
        assert.match(sheet, />Preis \(EUR\)</);
        assert.match(strFromU8(xlsx['xl/workbook.xml']!), /<sheet name="Nutzung 2026-10"/);
        const pdf = readPdf((await german(`${base()}/export?month=2026-10&format=pdf`)).rawPayload);
        for (const expected of ['Nutzung Oktober 2026', 'Datum', 'API-Aufrufe (Aufrufe)', 'Storage (GB)']) {
          assert.ok(pdf.lines.includes(expected), `${expected} in ${pdf.lines.join(' | ')}`);
        }
      } finally {
        await db().updateTable('components').set({ i18n: {} }).where('id', '=', ids.callsId).execute();
      }
    });

    it('refuses an unknown format and passes on bad months', async () => {
      for (const format of ['docx', '']) {
        const response = await get(`${base()}/export?month=2026-10&format=${format}`);
        assert.equal(response.statusCode, 400);
        assert.ok(response.json().error.fields.format);
      }
      const month = await get(`${base()}/export?month=2026-1&format=csv`);
      assert.equal(month.statusCode, 400);
      assert.ok(month.json().error.fields.month);
    });

    it('CSV quotes separators and defuses spreadsheet formulas in names', () => {
      const csv = toCsv(
        {
          month: '2026-10',
          dimension: null,
          dimensions: [],
          firstMonth: '2026-01',
          days: [{ date: '2026-10-01', quantities: { a: 1, b: 2 } }],
          totals: [
            { componentId: 'a', name: '=HYPERLINK("x")', unit: '', units: {}, quantity: 1, priceCents: 10 },
            { componentId: 'b', name: 'Calls, "fast"', unit: 'call', units: {}, quantity: 2, priceCents: 0 },
          ],
          currency: 'EUR',
        },
        'en',
      );
      assert.equal(csv.split('\r\n')[0], `Date,"'=HYPERLINK(""x"")","Calls, ""fast"" (call)"`);
    });
  });
});
