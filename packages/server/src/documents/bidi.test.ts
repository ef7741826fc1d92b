import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasRightToLeft, visualRuns } from './bidi.ts';

/** What fontkit draws for a piece: it reverses a run whose first letter is of a right-to-left script. */
function drawn(pieces: string[]): string {
  return pieces
    .map((piece) => {
      const first = /[^\p{Script=Common}\p{Script=Inherited}]/u.exec(piece)?.[0] ?? '';
      return /[\p{Script=Arabic}\p{Script=Hebrew}]/u.test(first) ? [...piece].reverse().join('') : piece;
    })
    .join('');
}

const reversed = (text: string) => [...text].reverse().join('');

describe('bidirectional text for PDFs', () => {
  it('keeps a Latin invoice number in reading order inside an Arabic title', () => {
    const pieces = visualRuns('فاتورة RE-2026-0042', 'rtl');
    assert.equal(drawn(pieces), `RE-2026-0042 ${reversed('فاتورة')}`);
    assert.ok(pieces.includes('فاتورة'), 'the Arabic word reaches fontkit in logical order, so it is shaped');
  });

  it('keeps the digits of a date in order and the words from right to left', () => {
    assert.equal(
      drawn(visualRuns('التاريخ: 5 مارس 2026', 'rtl')),
      `2026 ${reversed('مارس')} 5 :${reversed('التاريخ')}`,
    );
  });

  it('mirrors brackets in right-to-left text', () => {
    const pieces = visualRuns('السعر (EUR)', 'rtl');
    assert.equal(drawn(pieces), `(EUR) ${reversed('السعر')}`);
  });

  it('leaves left-to-right text as it is and orders mixed text by its first strong letter', () => {
    assert.deepEqual(visualRuns('Acme GmbH, Berlin', 'auto'), ['Acme GmbH, Berlin']);
    assert.equal(drawn(visualRuns('Łukasz مرحبا', 'auto')), `Łukasz ${reversed('مرحبا')}`);
    assert.equal(drawn(visualRuns('ليلى Haddad', 'auto')), `Haddad ${reversed('ليلى')}`);
    assert.equal(drawn(visualRuns('ليلى Haddad', 'ltr')), `${reversed('ليلى')} Haddad`);
  });

  it('never mixes scripts of both directions in one piece, so fontkit reverses exactly the right ones', () => {
    for (const piece of visualRuns('الاسم: Zoë Ünal، العميل 5001 (Acme)', 'rtl')) {
      assert.ok(!(/\p{Script=Arabic}/u.test(piece) && /\p{Script=Latin}/u.test(piece)), piece);
    }
  });

  it('drops directional marks and keeps characters outside the BMP whole', () => {
    const pieces = visualRuns('\u200f٥\u200f/١١\u200f/٢٠٢٦', 'rtl');
    assert.ok(
      pieces.every((piece) => !/[\u200e\u200f\u061c]/.test(piece)),
      JSON.stringify(pieces),
    );
    assert.equal(drawn(visualRuns('a😀b', 'auto')), 'a😀b');
    assert.deepEqual(visualRuns('', 'rtl'), []);
  });

  it('tells text with right-to-left letters apart', () => {
    assert.equal(hasRightToLeft('Zoë Ünal'), false);
    assert.equal(hasRightToLeft('ليلى'), true);
    assert.equal(hasRightToLeft('שלום'), true);
  });
});
