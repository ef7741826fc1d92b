import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import DOMPurify from 'dompurify';
import { sendKeys } from '@web/test-runner-commands';
import type { SignupTerm } from '@portico/core';
import './portico-signup-terms.ts';
import { useTheme } from '../../testing/fixtures.ts';
import { deepActiveElement, formEntries } from '../../testing/dom.ts';
import type { PorticoSignupTerms } from './terms.ts';

const terms: SignupTerm[] = [
  {
    key: 'terms',
    kind: 'required',
    textVersion: '1',
    labelHtml: 'I accept the <a href="https://shop.example/terms" target="_blank">terms</a>.',
  },
  {
    key: 'privacy',
    kind: 'required',
    textVersion: '1',
    labelHtml: 'I read the privacy policy<img src=x onerror="window.hacked=1"><script>window.hacked=2</script>.',
  },
  { key: 'withdrawal', kind: 'informational', textVersion: '1', labelHtml: 'You may withdraw within <b>14 days</b>.' },
];

const box = (el: PorticoSignupTerms, key: string) => el.shadowRoot!.querySelector<HTMLInputElement>(`#term-${key}`);

describe('<portico-signup-terms>', () => {
  before(() => useTheme('light'));

  it('renders merchant labels sanitised: links stay, scripts and handlers go', async () => {
    const el = await fixture<PorticoSignupTerms>(html`<portico-signup-terms .terms=${terms}></portico-signup-terms>`);
    await expect(el).to.be.accessible();
    const link = el.shadowRoot!.querySelector('label a')!;
    expect(link.getAttribute('href')).to.equal('https://shop.example/terms');
    expect(link.getAttribute('rel')).to.equal('noopener noreferrer');
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    expect((window as { hacked?: number }).hacked).to.equal(undefined);
    expect(box(el, 'privacy')!.labels?.[0]?.textContent).to.contain('privacy policy');
    expect(box(el, 'withdrawal')).to.equal(null, 'informational terms have no checkbox');
    expect(el.shadowRoot!.querySelector('b')!.textContent).to.equal('14 days');
  });

  it('shows a link to anything but http, https or mailto as plain text, and opens the others in a new tab', async () => {
    const hostile: SignupTerm[] = [
      {
        key: 'terms',
        kind: 'required',
        textVersion: '1',
        labelHtml:
          'I accept the <a href="javascript:window.hacked=3">terms</a>, <a href="tel:+4930123">call us</a> or ' +
          '<a href="mailto:legal@shop.example" target="_self" rel="opener">write</a>.',
      },
      {
        key: 'info',
        kind: 'informational',
        textVersion: '1',
        labelHtml: 'See <a href=" JaVaScRiPt:window.hacked=4"><u>withdrawal</u></a>.',
      },
    ];
    const el = await fixture<PorticoSignupTerms>(html`<portico-signup-terms .terms=${hostile}></portico-signup-terms>`);
    await expect(el).to.be.accessible();
    const label = box(el, 'terms')!.labels![0]!;
    expect(label.textContent).to.equal('I accept the terms, call us or write.');
    const links = [...el.shadowRoot!.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['mailto:legal@shop.example']);
    expect(links[0]!.getAttribute('target')).to.equal('_blank');
    expect(links[0]!.getAttribute('rel')).to.equal('noopener noreferrer');
    expect(el.shadowRoot!.querySelector('.info')!.innerHTML).to.contain('See <u>withdrawal</u>.');
    expect((window as { hacked?: number }).hacked).to.equal(undefined);
    // The element's DOMPurify has its own hook: the page's DOMPurify is left as it was.
    expect(DOMPurify.sanitize('<a href="https://x.example/" target="_self">x</a>', { ADD_ATTR: ['target'] })).to.equal(
      '<a href="https://x.example/" target="_self">x</a>',
    );
  });

  it('is invalid until every required term is ticked, then submits the accepted keys', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form><portico-signup-terms name="terms" .terms=${terms}></portico-signup-terms></form>`,
    );
    const el = form.querySelector('portico-signup-terms')!;
    el.showErrors();
    expect(await el.validate()).to.equal(false);
    await el.updateComplete;
    expect(box(el, 'terms')!.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.getElementById(box(el, 'terms')!.getAttribute('aria-describedby')!)!.textContent).to.contain(
      'Please tick this box',
    );
    el.focusFirstInvalid();
    expect(deepActiveElement()).to.equal(box(el, 'terms'));
    let changed = oneEvent(el, 'change');
    await sendKeys({ press: 'Space' });
    await changed;
    changed = oneEvent(el, 'change');
    box(el, 'privacy')!.click();
    await changed;
    expect(await el.validate()).to.equal(true);
    expect(el.value).to.deep.equal(['terms', 'privacy']);
    expect(formEntries(form)).to.deep.equal({ acceptedTerms: ['terms', 'privacy'] });
    await expect(el).to.be.accessible();
  });

  it('shows a server error on its term', async () => {
    const el = await fixture<PorticoSignupTerms>(
      html`<portico-signup-terms
        .terms=${terms}
        .value=${['terms', 'privacy']}
        .errors=${{ privacy: 'Please accept the current privacy policy.' }}
      ></portico-signup-terms>`,
    );
    expect(await el.validate()).to.equal(false);
    expect(el.shadowRoot!.textContent).to.contain('Please accept the current privacy policy.');
  });
});
