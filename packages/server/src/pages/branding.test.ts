import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { sql } from 'kysely';
import { testApp } from '../testing/app.ts';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import type { BrandingSettings } from '../db/schema.ts';
import { fontFamilyList, logoSource, pageBranding } from './branding.ts';
import { contrast, parseColour } from './colour.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const themesDir = path.join(repoRoot, 'themes');

describe('branding values', () => {
  it('accepts hex, rgb() and hsl() colours and nothing else', () => {
    assert.equal(parseColour('#1F5FBF')?.css, '#1f5fbf');
    assert.deepEqual(parseColour('#abc')?.rgb, [170, 187, 204]);
    assert.equal(parseColour('rgb(10, 20, 30)')?.css, 'rgb(10 20 30)');
    assert.equal(parseColour('rgb(100% 0% 0%)')?.css, 'rgb(255 0 0)');
    assert.equal(parseColour('hsl(210 50% 40%)')?.css, 'rgb(51 102 153)');
    for (const bad of [
      'red',
      'rgb(10 20 30 / 0.5)',
      '#12345',
      'rgb(300 0 0)',
      'var(--x)',
      '#fff; } body { display: none',
      'url(https://x.example/a.png)',
      '</style><script>alert(1)</script>',
      42,
    ]) {
      assert.equal(parseColour(bad), null, String(bad));
    }
    assert.ok(Math.abs(contrast([0, 0, 0], [255, 255, 255]) - 21) < 0.01);
  });

  it('builds a font list from family names and generic families only', () => {
    assert.equal(fontFamilyList('Inter, system-ui, sans-serif'), "'Inter', system-ui, sans-serif");
    assert.equal(fontFamilyList(`"Source Sans 3", 'Segoe UI', serif`), "'Source Sans 3', 'Segoe UI', serif");
    for (const bad of ["Inter'; } body { color: red", 'Inter, url(x)', 'a\\62', '', 'Comic Sans;']) {
      assert.equal(fontFamilyList(bad), null, bad);
    }
  });

  it('shows https: and data: image logos only', () => {
    assert.equal(logoSource('https://cdn.example/logo.svg'), 'https://cdn.example/logo.svg');
    assert.equal(logoSource('data:image/png;base64,iVBORw0KGgo='), 'data:image/png;base64,iVBORw0KGgo=');
    for (const bad of [
      'http://cdn.example/logo.svg',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'https://user:pw@cdn.example/logo.svg',
      '/logo.svg',
    ]) {
      assert.equal(logoSource(bad), null, bad);
    }
  });

  it('keeps contrast: a primary colour unreadable on the theme and an invisible accent are left out with a warning', async () => {
    const warnings: string[] = [];
    const branding = await pageBranding(
      themesDir,
      'Acme',
      { theme: 'dark', primaryColor: '#1f5fbf', accentColor: '#222222', fontFamily: 'Inter', logoUrl: null },
      (message) => warnings.push(message),
    );
    assert.equal(branding.theme, 'dark');
    assert.doesNotMatch(branding.css, /--portico-color-primary|--portico-focus-ring/);
    assert.match(branding.css, /--portico-font-family: 'Inter';/);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /primaryColor #1f5fbf is not readable on the "dark" theme/);
    assert.match(warnings[1]!, /accentColor #222222 is not visible enough/);
  });

  it('picks a readable text colour for a light primary colour', async () => {
    const branding = await pageBranding(themesDir, 'Acme', { theme: 'dark', primaryColor: '#ffd166' }, () => {
      throw new Error('no warning expected');
    });
    assert.match(branding.css, /--portico-color-primary: #ffd166; --portico-color-on-primary: rgb\(\d+ \d+ \d+\);/);
    const onPrimary = /on-primary: rgb\((\d+) (\d+) (\d+)\)/.exec(branding.css)!.slice(1).map(Number);
    assert.ok(contrast(onPrimary as [number, number, number], [255, 209, 102]) >= 4.5);
  });
});

describeEachDemoDatabase('hosted pages: tenant branding and language', (database) => {
  let app: FastifyInstance;
  let variantId: string;
  const logs: Array<{ level: number; msg: string }> = [];

  async function setBranding(branding: Partial<BrandingSettings>) {
    await database()
      .db.updateTable('tenant_settings')
      .where('tenant_id', '=', 'demo')
      .set({ settings: sql`jsonb_set(settings, '{branding}', ${JSON.stringify(branding)}::jsonb)` })
      .execute();
  }

  before(async () => {
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    app = await testApp(database(), { logger, themesDir });
    variantId = (
      await database()
        .db.selectFrom('plan_variants')
        .where('tenant_id', '=', 'demo')
        .where('allow_signup', '=', true)
        .select('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(() => app.close());

  it("shows the demo tenant's seeded branding without a warning", async () => {
    logs.length = 0;
    const page = await app.inject('/demo/portal');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /:root \{ --portico-color-primary: [^;]+; --portico-color-on-primary: [^;]+; /);
    assert.deepEqual(logs, []);
  });

  it("links the tenant's preset theme, overrides its tokens, shows the logo and passes the tenant language", async () => {
    await setBranding({
      theme: 'brand-harbour',
      primaryColor: '#0b5f62',
      accentColor: 'hsl(20 90% 40%)',
      fontFamily: 'Source Sans 3, sans-serif',
      logoUrl: 'https://cdn.example/northwind.svg',
    });
    await database().db.updateTable('tenants').where('id', '=', 'demo').set({ default_language: 'de' }).execute();
    try {
      for (const url of [`/demo/signup/${variantId}`, '/demo/portal']) {
        const page = await app.inject(url);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /<link rel="stylesheet" href="\/themes\/brand-harbour\.css" \/>/);
        assert.doesNotMatch(page.body, /light\.css/);
        assert.match(
          page.body,
          /:root \{ --portico-color-primary: #0b5f62; --portico-color-on-primary: rgb\(255 255 255\); --portico-focus-ring: 3px solid rgb\(194 71 10\); --portico-font-family: 'Source Sans 3', sans-serif; \}/,
        );
        assert.match(
          page.body,
          /<header class="brand"><img src="https:\/\/cdn\.example\/northwind\.svg" alt="Northwind Cloud" \/><portico-language-picker for="portico-(signup|portal)" languages="en ar cs de es fr it lt nl pl pt sv"><\/portico-language-picker><\/header>/,
        );
        assert.match(page.body, /tenant-language="de"/);
      }
    } finally {
      await database().db.updateTable('tenants').where('id', '=', 'demo').set({ default_language: 'en' }).execute();
    }
  });

  it('falls back to the light theme and leaves out bad values, with a warning in the server log', async () => {
    logs.length = 0;
    await setBranding({
      theme: '../package',
      primaryColor: 'red; } body { display: none',
      accentColor: '#0b8457',
      fontFamily: "x'; } * { color: red",
      logoUrl: 'javascript:alert(1)',
    });
    const page = await app.inject(`/demo/signup/${variantId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /href="\/themes\/light\.css"/);
    assert.match(page.body, /:root \{ --portico-focus-ring: 3px solid #0b8457; \}/);
    assert.doesNotMatch(page.body, /display: none|color: red|javascript:|<img/);
    const warnings = logs.filter((entry) => entry.level === 40).map((entry) => entry.msg);
    assert.deepEqual(warnings, [
      'branding: unknown theme "../package"; using "light"',
      'branding: primaryColor "red; } body { display: none" is not a hex, rgb() or hsl() colour',
      `branding: fontFamily "x'; } * { color: red" is not a list of font family names`,
      'branding: logoUrl is not an https: address or a data: image',
    ]);
  });

  it('adds the dark preset for prefers-color-scheme: dark, with the tenant colours readable on it only', async () => {
    await setBranding({ theme: 'light', darkTheme: 'dark', primaryColor: '#1f5fbf', accentColor: '#0b8457' });
    const page = await app.inject(`/demo/signup/${variantId}`);
    assert.match(page.body, /<meta name="color-scheme" content="light dark" \/>/);
    assert.match(
      page.body,
      /<link rel="stylesheet" href="\/themes\/dark\.css" media="\(prefers-color-scheme: dark\)" \/>/,
    );
    assert.match(
      page.body,
      /@media not all and \(prefers-color-scheme: dark\) \{ :root \{ --portico-color-primary: #1f5fbf;/,
    );
    // #1f5fbf is too dark on the dark preset: its own primary colour stays there.
    assert.doesNotMatch(page.body, /@media \(prefers-color-scheme: dark\) \{ :root \{[^}]*#1f5fbf/);
  });
});
