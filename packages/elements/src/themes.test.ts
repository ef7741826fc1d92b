import { expect, fixture, html } from '@open-wc/testing';
import './portico-signup.ts';
import './portico-portal.ts';
import { porticoFixtures } from './testing/fixtures.ts';
import { until } from './testing/dom.ts';

const presets = ['light', 'dark', 'high-contrast', 'brand-harbour', 'brand-ember'];

/** Puts exactly one theme file on the page. */
async function onlyTheme(name: string): Promise<void> {
  for (const link of document.querySelectorAll('link[data-theme]')) link.remove();
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = `/themes/${name}.css`;
  link.dataset.theme = name;
  const loaded = new Promise((resolve, reject) => {
    link.onload = resolve;
    link.onerror = () => reject(new Error(`themes/${name}.css did not load`));
  });
  document.head.append(link);
  await loaded;
  document.body.style.background = 'var(--portico-color-background)';
  document.body.style.color = 'var(--portico-color-text)';
}

describe('preset themes', () => {
  after(() => {
    for (const link of document.querySelectorAll('link[data-theme]')) link.remove();
    document.body.removeAttribute('style');
  });

  for (const preset of presets) {
    it(`${preset}: the signup page passes axe, contrast included`, async () => {
      await onlyTheme(preset);
      const { tenant, signupVariantId } = await porticoFixtures();
      const el = await fixture(
        html`<portico-signup tenant=${tenant} plan-variant=${signupVariantId} lang="en"></portico-signup>`,
      );
      await until(() => !!el.shadowRoot!.querySelector('form'), 'the signup form');
      await expect(el).to.be.accessible();
      const primary = getComputedStyle(document.documentElement).getPropertyValue('--portico-color-primary');
      expect(primary.trim()).to.not.equal('');
    });

    it(`${preset}: the portal passes axe, contrast included`, async () => {
      await onlyTheme(preset);
      const { tenant, portalToken } = await porticoFixtures();
      const el = await fixture(
        html`<portico-portal lang="en" tenant=${tenant} .token=${portalToken}></portico-portal>`,
      );
      await until(() => !!el.shadowRoot!.querySelector('nav'), 'the portal to open');
      await expect(el).to.be.accessible();
    });
  }
});
