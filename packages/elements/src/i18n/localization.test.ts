import { expect, fixture, html } from '@open-wc/testing';
import '../portico-signup.ts';
import type { PorticoSignup } from '../signup/signup.ts';
import { porticoFixtures, useTheme } from '../testing/fixtures.ts';
import { until } from '../testing/dom.ts';
import { translationFor } from './localization.ts';

/** The text of an element and every shadow root below it. */
function deepText(node: Node): string {
  let text = '';
  if (node instanceof Element && node.shadowRoot) text += deepText(node.shadowRoot);
  for (const child of node.childNodes) text += child.nodeType === Node.TEXT_NODE ? child.textContent : deepText(child);
  return text;
}

async function signup(lang: string): Promise<PorticoSignup> {
  const { tenant, signupVariantId } = await porticoFixtures();
  const el = await fixture<PorticoSignup>(
    html`<portico-signup tenant=${tenant} plan-variant=${signupVariantId} lang=${lang}></portico-signup>`,
  );
  await until(() => !!el.shadowRoot!.querySelector('form'), 'the signup form');
  await until(
    () => !!el.shadowRoot!.querySelector('portico-payment')?.shadowRoot,
    'the payment section (rendered last)',
  );
  return el;
}

describe('languages', () => {
  before(() => useTheme('light'));

  it('shows German and switches to Arabic, right to left, and to Lithuanian without a reload', async () => {
    const el = await signup('de');
    await until(() => deepText(el).includes('Ihre Angaben'), 'the German text');
    await expect(el).to.be.accessible();
    // A signup page loads the signup's German texts only, none of the portal's.
    const translations = performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((file) => file.includes('/i18n/generated/'));
    expect(translations.filter((file) => file.endsWith('/de.js'))).to.deep.equal([
      '/packages/elements/src/i18n/generated/parts/signup/de.js',
    ]);
    expect(deepText(el)).to.contain('Zahlungsart');
    expect(el.getAttribute('dir')).to.not.equal('rtl');

    el.lang = 'ar';
    await until(() => deepText(el).includes('بياناتك'), 'the Arabic text');
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(el.shadowRoot!.querySelector('form')!).direction).to.equal('rtl');
    await expect(el).to.be.accessible();

    el.lang = 'lt';
    await until(() => deepText(el).includes('Jūsų duomenys'), 'the Lithuanian text');
    expect(deepText(el))
      .to.contain('Mokėjimo būdas')
      .and.match(/\d,\d{2}\s€/);
    expect(el.getAttribute('dir') ?? '').to.equal('');
    await expect(el).to.be.accessible();

    el.lang = 'en-GB';
    await until(() => deepText(el).includes('Your details'), 'the English text');
    expect(el.getAttribute('dir') ?? '').to.equal('');
  });

  it('falls back to English with a console warning for an unknown language', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
    try {
      const el = await signup('tlh');
      await until(() => deepText(el).includes('Your details'), 'the English text');
      expect(warnings.join('\n')).to.contain('no translation for language "tlh"');
      const broken = await signup('not a language!');
      await until(() => deepText(broken).includes('Your details'), 'the English text');
      expect(warnings.join('\n')).to.contain('"not a language!"');
    } finally {
      console.warn = warn;
    }
  });

  it('picks the translation of a regional tag and keeps the page direction when dir is set', async () => {
    expect(translationFor('de-AT')).to.equal('de');
    expect(translationFor('AR-eg')).to.equal('ar');
    expect(translationFor('ja')).to.equal(null);
    const { tenant, signupVariantId } = await porticoFixtures();
    const el = await fixture<PorticoSignup>(
      html`<portico-signup tenant=${tenant} plan-variant=${signupVariantId} lang="ar" dir="ltr"></portico-signup>`,
    );
    await until(() => deepText(el).includes('بياناتك'), 'the Arabic text');
    expect(el.getAttribute('dir')).to.equal('ltr');
  });
});
