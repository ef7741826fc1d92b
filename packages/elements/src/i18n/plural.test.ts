import { expect, fixture, html } from '@open-wc/testing';
import '../portico-signup.ts';
import type { PorticoSignup } from '../signup/signup.ts';
import { periodText, trialText } from '../signup/format.ts';
import { porticoFixtures, useTheme } from '../testing/fixtures.ts';
import { until } from '../testing/dom.ts';
import { getLocale, useLocale } from './localization.ts';
import { messageId } from './overrides.ts';
import { plural, type PluralForms } from './plural.ts';

/** Forms that name their category, and the categories that were asked for. */
function namedForms(called: string[]): PluralForms {
  const form = (category: string) => () => {
    called.push(category);
    return category;
  };
  return {
    zero: form('zero'),
    one: form('one'),
    two: form('two'),
    few: form('few'),
    many: form('many'),
    other: form('other'),
  };
}

async function showLanguage(locale: string): Promise<void> {
  await useLocale(locale);
  expect(getLocale()).to.equal(locale);
}

describe('plural forms', () => {
  before(() => useTheme('light'));
  after(() => useLocale('en'));

  it('picks the CLDR category of the language shown, and runs only that form', async () => {
    const cases: Record<string, [number, string][]> = {
      en: [
        [0, 'other'],
        [1, 'one'],
        [2, 'other'],
      ],
      cs: [
        [1, 'one'],
        [3, 'few'],
        [5, 'other'],
        [1.5, 'many'],
      ],
      pl: [
        [1, 'one'],
        [2, 'few'],
        [5, 'many'],
        [12, 'many'],
        [22, 'few'],
        [1.5, 'other'],
      ],
      lt: [
        [1, 'one'],
        [2, 'few'],
        [10, 'other'],
        [21, 'one'],
        [1.5, 'many'],
      ],
      ar: [
        [0, 'zero'],
        [1, 'one'],
        [2, 'two'],
        [3, 'few'],
        [11, 'many'],
        [100, 'other'],
      ],
      fr: [
        [0, 'one'],
        [2, 'other'],
        [1_000_000, 'many'],
      ],
      de: [
        [1, 'one'],
        [0, 'other'],
      ],
      // European Portuguese, as the translation is written (Brazilian rules would make 0 'one').
      pt: [
        [0, 'other'],
        [1, 'one'],
        [2, 'other'],
      ],
    };
    for (const [locale, counts] of Object.entries(cases)) {
      await showLanguage(locale);
      for (const [count, category] of counts) {
        const called: string[] = [];
        expect(plural(count, namedForms(called)), `${locale} ${count}`).to.equal(category);
        expect(called, `${locale} ${count}: forms run`).to.deep.equal([category]);
      }
    }
  });

  it('shows the translated form for the count', async () => {
    await showLanguage('en');
    expect(trialText(1)).to.equal('Try it free for 1 day.');
    expect(trialText(2)).to.equal('Try it free for 2 days.');
    expect(periodText(3)).to.equal('every 3 months');

    await showLanguage('cs');
    expect([1, 3, 5].map(trialText)).to.deep.equal([
      'Vyzkoušejte zdarma na 1 den.',
      'Vyzkoušejte zdarma na 3 dny.',
      'Vyzkoušejte zdarma na 5 dní.',
    ]);
    expect([2, 6].map(periodText)).to.deep.equal(['každé 2 měsíce', 'každých 6 měsíců']);

    await showLanguage('pl');
    expect([2, 5, 22].map(trialText)).to.deep.equal([
      'Wypróbuj bezpłatnie przez 2 dni.',
      'Wypróbuj bezpłatnie przez 5 dni.',
      'Wypróbuj bezpłatnie przez 22 dni.',
    ]);
    expect([2, 5, 22].map(periodText)).to.deep.equal(['co 2 miesiące', 'co 5 miesięcy', 'co 22 miesiące']);

    await showLanguage('lt');
    expect([1, 3, 10, 21].map(trialText)).to.deep.equal([
      'Išbandykite nemokamai 1 dieną.',
      'Išbandykite nemokamai 3 dienas.',
      'Išbandykite nemokamai 10 dienų.',
      'Išbandykite nemokamai 21 dieną.',
    ]);

    await showLanguage('ar');
    expect([0, 1, 2, 3, 11, 100].map(trialText)).to.deep.equal([
      'جرّبها مجانًا لمدة 0 يوم.',
      'جرّبها مجانًا لمدة 1 يوم.',
      'جرّبها مجانًا لمدة 2 يومين.',
      'جرّبها مجانًا لمدة 3 أيام.',
      'جرّبها مجانًا لمدة 11 يومًا.',
      'جرّبها مجانًا لمدة 100 يوم.',
    ]);
  });

  it('shows the trial of the signup in the form of its language, and a plural form can be replaced by its id', async () => {
    expect(messageId('trialDays.other')).to.equal('trialDays.other');
    const { tenant, signupVariantId } = await porticoFixtures();
    const el = await fixture<PorticoSignup>(
      html`<portico-signup tenant=${tenant} plan-variant=${signupVariantId} lang="cs"></portico-signup>`,
    );
    const header = () => el.shadowRoot!.querySelector('header')?.textContent ?? '';
    await until(() => /Vyzkoušejte zdarma na \d+ dní\./.test(header()), 'the Czech trial (14 days: dní)');
    await expect(el).to.be.accessible();

    el.lang = 'ar';
    await until(() => /جرّبها مجانًا لمدة \d+ يومًا\./.test(header()), 'the Arabic trial (14 days: many)');
    await expect(el).to.be.accessible();

    el.lang = 'en';
    el.strings = { 'trialDays.other': 'Free for {0} days, no card needed.' };
    await until(() => header().includes('Free for 14 days, no card needed.'), 'the replaced English trial');
  });
});
