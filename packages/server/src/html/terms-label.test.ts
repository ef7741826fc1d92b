import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sanitizeEmailHtml } from '../email/sanitize.ts';
import { sanitizeHtml } from './sanitize.ts';
import { sanitizeTermsLabel, TERMS_LABEL } from './terms-label.ts';

const NEW_TAB = 'target="_blank" rel="noopener noreferrer"';

describe('terms label profile', () => {
  it('keeps http, https and mailto links, opening in a new tab whatever the merchant wrote', () => {
    assert.equal(
      sanitizeTermsLabel(
        'I accept the <a href="https://shop.example/terms?a=1&amp;b=2" target="_top" rel="opener" title="Terms">terms</a>, ' +
          '<a href="http://shop.example/privacy">privacy</a> and <a href="mailto:legal@shop.example">mail</a>.',
      ),
      `I accept the <a href="https://shop.example/terms?a=1&amp;b=2" title="Terms" ${NEW_TAB}>terms</a>, ` +
        `<a href="http://shop.example/privacy" ${NEW_TAB}>privacy</a> and ` +
        `<a href="mailto:legal@shop.example" ${NEW_TAB}>mail</a>.`,
    );
  });

  it('unwraps links to any other scheme, relative links and anchors without an address, keeping their text', () => {
    assert.equal(
      sanitizeTermsLabel(
        '<a href="javascript:alert(1)">j</a> <a href=" JaVaScRiPt:alert(1)">J</a> <a href="tel:+4930123">t</a> ' +
          '<a href="/terms">r</a> <a href="data:text/html,x">d</a> <a href="//evil.example">p</a> <a name="n">n</a>',
      ),
      'j J t r d p n',
    );
  });

  it('sanitises the content of an unwrapped link like the rest', () => {
    const { html, removed } = sanitizeHtml(
      '<a href="javascript:alert(1)"><img src=x onerror="alert(2)"><b onclick="alert(3)">bold</b> text</a> after',
      TERMS_LABEL,
    );
    assert.equal(html, '<b>bold</b> text after');
    assert.deepEqual(removed, [
      'href="javascript:alert(1)" on <a>',
      '<img>',
      'onclick="alert(3)" on <b>',
      '<a> without an http, https or mailto address',
    ]);
  });

  it('keeps inline formatting only: no blocks, images, scripts, styles, frames, forms, SVG or other attributes', () => {
    assert.equal(
      sanitizeTermsLabel(
        '<p class="c" style="color:red" id="x">para</p><div>div</div><b>b</b><strong>s</strong><i>i</i><em>e</em>' +
          '<u>u</u><br><span lang="de" dir="ltr" data-x="1" aria-label="y" onmouseover="alert(1)">span</span>' +
          '<script>alert(2)</script><style>*{}</style><img src="https://x.example/a.png"><iframe></iframe>' +
          '<svg><a href="https://x.example">s</a></svg><form><input name="iban"></form><h1>h</h1><ul><li>li</li></ul>',
      ),
      'paradiv<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><br><span lang="de" dir="ltr">span</span>hli',
    );
  });

  it('runs on a DOMPurify of its own: the e-mail profile keeps its own link rules', () => {
    sanitizeTermsLabel('<a href="https://a.example/">a</a>');
    assert.equal(
      sanitizeEmailHtml('<a href="https://a.example/">a</a><a href="https://b.example/" target="_top">b</a>').html,
      '<a href="https://a.example/" rel="noopener">a</a><a href="https://b.example/" rel="noopener">b</a>',
    );
    assert.equal(sanitizeTermsLabel('<p>kept as text</p>'), 'kept as text');
  });
});
