import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { SignupTerm } from '@portico/core';
import './portico-signup-terms.ts';
import { nativeLabelSanitizer } from './native-sanitizer.ts';
import { labelSanitizer, loadPurifyLabelSanitizer, type LabelSanitizer } from './sanitize.ts';
import type { PorticoSignupTerms } from './terms.ts';

/** Merchant HTML and what both sanitisers must make of it. */
const cases: [dirty: string, clean: string][] = [
  [
    'I accept the <a href="https://shop.example/terms">terms</a>.',
    'I accept the <a href="https://shop.example/terms" target="_blank" rel="noopener noreferrer">terms</a>.',
  ],
  [
    '<b>bold</b> <strong>strong</strong> <i>i</i> <em>em</em> <u>u</u><br><span lang="de" dir="ltr" title="t">s</span>',
    '<b>bold</b> <strong>strong</strong> <i>i</i> <em>em</em> <u>u</u><br><span lang="de" dir="ltr" title="t">s</span>',
  ],
  [
    '<a href="mailto:legal@shop.example" target="_self" rel="opener">write</a>',
    '<a href="mailto:legal@shop.example" target="_blank" rel="noopener noreferrer">write</a>',
  ],
  ['<a href="javascript:window.hacked=1">terms</a>', 'terms'],
  ['<a href=" JaVaScRiPt:window.hacked=2"><u>withdrawal</u></a>', '<u>withdrawal</u>'],
  ['<a href="tel:+4930123">call</a> <a href="/terms">relative</a> <a>none</a>', 'call relative none'],
  ['<a href="data:text/html,<script>alert(1)</script>">data</a>', 'data'],
  ['x<img src=x onerror="window.hacked=3"><script>window.hacked=4</script><style>*{}</style>y', 'xy'],
  ['<b onclick="window.hacked=5" style="color:red" class="c" id="i" data-x="1" aria-label="a">b</b>', '<b>b</b>'],
  [
    '<iframe src="https://evil.example"></iframe><svg><a href="https://x.example">s</a></svg><math><mi>m</mi></math>!',
    '!',
  ],
  ['<p>para <i>it</i></p><div>div</div><ul><li>li</li></ul>', 'para <i>it</i>divli'],
  ['<!-- comment --><form action="https://evil.example"><button formaction="x">go</button></form>', 'go'],
  [
    '<a href="https://x.example" title="T" lang="en" dir="rtl" hreflang="de" ping="https://t">t</a>',
    '<a href="https://x.example" title="T" lang="en" dir="rtl" target="_blank" rel="noopener noreferrer">t</a>',
  ],
];

const hacked = () => (window as { hacked?: number }).hacked;

/** Removes the HTML Sanitizer API from the page for a test, as in a browser that lacks it. */
function withoutSanitizerApi(): () => void {
  const descriptor = Object.getOwnPropertyDescriptor(Element.prototype, 'setHTML')!;
  Object.defineProperty(Element.prototype, 'setHTML', { value: undefined, configurable: true, writable: true });
  return () => Object.defineProperty(Element.prototype, 'setHTML', descriptor);
}

describe('terms label sanitisers', () => {
  let native: LabelSanitizer;
  let purify: LabelSanitizer;

  before(async () => {
    const found = nativeLabelSanitizer();
    expect(found, 'this Chromium has the HTML Sanitizer API').to.be.a('function');
    native = found!;
    purify = await loadPurifyLabelSanitizer();
  });

  for (const [dirty, clean] of cases) {
    it(`both make the same of ${dirty}`, () => {
      expect(native(dirty), 'HTML Sanitizer API').to.equal(clean);
      expect(purify(dirty), 'DOMPurify').to.equal(clean);
      expect(hacked()).to.equal(undefined);
    });
  }

  it('uses the HTML Sanitizer API where it is present, DOMPurify where it is not', async () => {
    expect(labelSanitizer()).to.be.a('function');
    const restore = withoutSanitizerApi();
    try {
      const fallback = labelSanitizer();
      expect(fallback).to.be.an.instanceOf(Promise);
      expect(await fallback).to.equal(purify);
    } finally {
      restore();
    }
  });

  it('renders the labels with DOMPurify in a browser without the HTML Sanitizer API', async () => {
    const terms: SignupTerm[] = [
      { key: 'terms', kind: 'required', textVersion: '1', labelHtml: cases[0]![0] + cases[7]![0] },
      { key: 'info', kind: 'informational', textVersion: '1', labelHtml: cases[4]![0] },
    ];
    const restore = withoutSanitizerApi();
    let el: PorticoSignupTerms;
    try {
      el = await fixture<PorticoSignupTerms>(html`<portico-signup-terms .terms=${terms}></portico-signup-terms>`);
    } finally {
      restore();
    }
    await waitUntil(() => el.shadowRoot!.querySelector('label a'), 'the labels show once DOMPurify is there');
    const label = el.shadowRoot!.querySelector('label')!;
    expect(label.innerHTML.replace(/<!--[^>]*-->/g, '')).to.equal(cases[0]![1] + cases[7]![1]);
    expect(el.shadowRoot!.querySelector('.info u')!.textContent).to.equal('withdrawal');
    expect(el.shadowRoot!.querySelector('img, script, .info a')).to.equal(null);
    expect(hacked()).to.equal(undefined);
    await expect(el).to.be.accessible();
  });
});
