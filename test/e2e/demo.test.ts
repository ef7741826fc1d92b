import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { axeViolations } from './support/axe.ts';
import { usePortico } from './support/portico.ts';

/** Every page of the demo merchant site (`demo/*.html`, the playground included) passes axe once it has loaded. */
describe('demo merchant site accessibility (axe) in Chromium', () => {
  const e2e = usePortico();
  let pages: string[];

  before(async () => {
    pages = (await readdir('demo')).filter((file) => file.endsWith('.html')).sort();
  });

  it('finds the pages, the playground among them', () => {
    assert.ok(pages.length >= 8, pages.join(', '));
    assert.ok(pages.includes('playground.html'));
    assert.ok(pages.includes('index.html'));
  });

  it('every page is axe clean', async () => {
    const failures: string[] = [];
    for (const file of pages) {
      const { page, errors } = await e2e.open(`${e2e.portico.url}/demo-site/${file}`);
      if (/-iframe\.html$/.test(file)) {
        await page.locator('#log li', { hasText: 'portico-loaded' }).waitFor();
        await page.frameLocator('#slot iframe').locator('portico-signup h1, portico-portal h1').first().waitFor();
      } else if (/-inline\.html$/.test(file) || file === 'playground.html') {
        await page.locator('portico-signup h1, portico-portal h1').first().waitFor();
        if (file === 'playground.html') await page.locator('#messages li').first().waitFor();
      } else {
        await page.locator('main h1').waitFor();
      }
      const violations = await axeViolations(page);
      for (const v of violations) failures.push(`${file}: ${v.id} (${v.impact})\n    ${v.nodes.join('\n    ')}`);
      if (errors.length) failures.push(`${file}: page errors ${errors.join('; ')}`);
      await page.close();
    }
    assert.deepEqual(failures, []);
  });

  // Every exposed `::part` is reachable from the page (through `exportparts` where it sits in a nested element):
  // a page rule for each part must reach every node that carries it, however deep.
  const parts = {
    'signup-inline.html': {
      tag: 'portico-signup',
      names: [
        'base',
        'header',
        'title',
        'section-heading',
        'option',
        'component',
        'input',
        'decrement',
        'increment',
      ].concat(['fee', 'field', 'label', 'error', 'term', 'total', 'submit']),
    },
    'portal-inline.html': { tag: 'portico-portal', names: ['base', 'header', 'title', 'nav', 'section-heading'] },
  };
  for (const [file, { tag, names }] of Object.entries(parts)) {
    it(`${tag}: every documented part is styleable from the page (${file})`, async () => {
      const { page } = await e2e.open(`${e2e.portico.url}/demo-site/${file}`);
      for (const name of names) await page.locator(`${tag} [part~="${name}"]`).first().waitFor({ state: 'attached' });
      const css = names.map((name, i) => `${tag}::part(${name}) { scroll-margin-top: ${i + 1}px; }`).join('\n');
      await page.addStyleTag({ content: css });
      const found = await page.evaluate(
        ({ tag, names }) => {
          const result: Record<string, string[]> = {};
          // A stack, not a recursive helper: the test's compiler would name a nested function (`__name`).
          const roots: ParentNode[] = [document.querySelector(tag)!.shadowRoot!];
          for (let root = roots.pop(); root; root = roots.pop()) {
            for (const el of root.querySelectorAll('*')) {
              for (const name of (el.getAttribute('part') ?? '').split(/\s+/)) {
                if (names.includes(name)) (result[name] ??= []).push(getComputedStyle(el).scrollMarginTop);
              }
              if (el.shadowRoot) roots.push(el.shadowRoot);
            }
          }
          return result;
        },
        { tag, names },
      );
      names.forEach((name, i) => {
        assert.ok(found[name]?.length, `no node carries part "${name}"`);
        assert.deepEqual(new Set(found[name]), new Set([`${i + 1}px`]), `part "${name}" is not reachable everywhere`);
      });
      await page.close();
    });
  }

  // The site's picker shows the language the page shows, also when that is not the picker's first (English):
  // inline through lit-localize's status event, in the iframe through the loader's `portico-language-change`.
  it("the site's language picker shows the language the element shows (inline and in the iframe)", async () => {
    const picked = '#slot > label.controls select';
    const { page: inline, errors: inlineErrors } = await e2e.open(
      `${e2e.portico.url}/demo-site/signup-inline.html?language=de`,
    );
    await inline.locator('portico-signup button[type="submit"]').filter({ hasNotText: 'Place order' }).waitFor();
    assert.equal(await inline.locator(picked).inputValue(), 'de', 'inline: ?language=de is shown');
    assert.deepEqual(inlineErrors, []);
    await inline.close();

    const { page, errors } = await e2e.open(`${e2e.portico.url}/demo-site/signup-iframe.html`);
    const frame = page.frameLocator('#slot iframe');
    await frame.locator('portico-signup button[type="submit"]').filter({ hasText: 'Place order' }).waitFor();
    await page.waitForFunction((select) => document.querySelector<HTMLSelectElement>(select)?.value === 'en', picked);
    // The framed page's own picker switches it: the site's picker follows.
    await frame.locator('portico-language-picker select').selectOption('fr');
    await frame.locator('portico-signup button[type="submit"]').filter({ hasNotText: 'Place order' }).waitFor();
    await page.locator('#log li', { hasText: 'portico-language-change {"language":"fr"}' }).waitFor();
    assert.equal(await page.locator(picked).inputValue(), 'fr', 'iframe: the framed page shows French');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
