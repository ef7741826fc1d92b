import { expect, fixture, html } from '@open-wc/testing';
import '../portico-signup.ts';
import '../portico-portal.ts';
import type { PorticoSignup } from '../signup/signup.ts';
import type { PorticoPortal } from '../portal/portal.ts';
import { porticoFixtures, useTheme } from '../testing/fixtures.ts';
import { until } from '../testing/dom.ts';

/** The text of an element and every shadow root below it. */
function deepText(node: Node): string {
  let text = '';
  if (node instanceof Element && node.shadowRoot) text += deepText(node.shadowRoot);
  for (const child of node.childNodes) text += child.nodeType === Node.TEXT_NODE ? child.textContent : deepText(child);
  return text;
}

/** Runs `body` with `?language=` in the address, then restores the address. */
async function withLanguageParam(language: string, body: () => Promise<void>): Promise<void> {
  const before = window.location.href;
  history.replaceState(null, '', `${window.location.pathname}?language=${language}`);
  try {
    await body();
  } finally {
    history.replaceState(null, '', before);
  }
}

describe('language order: ?language=, lang, customer, tenant default, page, browser', () => {
  before(() => useTheme('light'));

  it("the tenant's default language applies when nothing above it names one", async () => {
    const { tenant, signupVariantId } = await porticoFixtures();
    const el = await fixture<PorticoSignup>(
      html`<portico-signup tenant=${tenant} plan-variant=${signupVariantId} tenant-language="de"></portico-signup>`,
    );
    await until(() => deepText(el).includes('Ihre Angaben'), 'German from the tenant default');
    await expect(el).to.be.accessible();
    expect(el.effectiveLang).to.equal('de');
    // Assistive technology learns the language of the texts; the element itself has no (empty) lang attribute.
    expect(el.hasAttribute('lang')).to.equal(false);
    expect(el.shadowRoot!.querySelector('[part="base"]')!.getAttribute('lang')).to.equal('de');
    // The catalog texts follow: the German plan variant name from the server.
    await until(() => deepText(el).includes('Monatlich'), 'the German variant name');

    el.lang = 'fr';
    await until(() => deepText(el).includes('Vos coordonnées') || el.effectiveLang === 'fr', 'French from lang');
    expect(el.effectiveLang).to.equal('fr');
    await until(() => deepText(el).includes('Mensuel'), 'the French variant name');

    // A language without a translation shows English texts, and says so.
    el.lang = 'ja';
    await until(() => deepText(el).includes('Your details'), 'English for Japanese');
    expect(el.shadowRoot!.querySelector('[part="base"]')!.getAttribute('lang')).to.equal('en');
  });

  it('?language= wins over lang and the tenant default', async () => {
    await withLanguageParam('de', async () => {
      const { tenant, signupVariantId } = await porticoFixtures();
      const el = await fixture<PorticoSignup>(
        html`<portico-signup
          tenant=${tenant}
          plan-variant=${signupVariantId}
          lang="fr"
          tenant-language="en"
        ></portico-signup>`,
      );
      await until(() => deepText(el).includes('Ihre Angaben'), 'German from the address');
      await expect(el).to.be.accessible();
      expect(el.effectiveLang).to.equal('de');
    });
  });

  it("the portal ranks the customer's language from the session after lang and before the tenant default", async () => {
    const { tenant, portalToken } = await porticoFixtures();
    // The fixture's link was issued in English: the customer's language.
    const el = await fixture<PorticoPortal>(
      html`<portico-portal tenant=${tenant} tenant-language="de" .token=${portalToken}></portico-portal>`,
    );
    await until(() => !!el.shadowRoot!.querySelector('nav'), 'the portal to open');
    await expect(el).to.be.accessible();
    expect(el.customerLanguage).to.equal('en');
    expect(el.effectiveLang).to.equal('en');
    expect(deepText(el)).to.contain('Overview');
    expect(el.hasAttribute('lang')).to.equal(false);
    expect(el.shadowRoot!.querySelector('[part="base"]')!.getAttribute('lang')).to.equal('en');

    el.lang = 'fr';
    await until(() => deepText(el).includes('Aperçu'), 'French from lang');
    el.lang = '';
    await until(() => deepText(el).includes('Overview'), "the customer's English again");
    el.customerLanguage = '';
    await until(() => deepText(el).includes('Übersicht'), 'the tenant default without a customer language');
    await expect(el).to.be.accessible();
  });
});
