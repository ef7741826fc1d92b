import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './portico-coupon-field.ts';
import { useTheme } from '../../testing/fixtures.ts';
import { formEntries } from '../../testing/dom.ts';
import type { PorticoCouponField } from './coupon-field.ts';

const input = (el: PorticoCouponField) => el.shadowRoot!.querySelector('input')!;

describe('<portico-coupon-field>', () => {
  before(() => useTheme('light'));

  it('is accessible and applies a typed code with Enter without submitting the form', async () => {
    let submitted = false;
    const form = await fixture<HTMLFormElement>(
      html`<form @submit=${(event: Event) => ((submitted = true), event.preventDefault())}>
        <portico-coupon-field name="couponCode"></portico-coupon-field>
      </form>`,
    );
    const el = form.querySelector('portico-coupon-field')!;
    await expect(el).to.be.accessible();
    expect(input(el).labels?.[0]?.textContent).to.contain('Coupon code');
    el.focus();
    await sendKeys({ type: 'SPRING10' });
    const changed = oneEvent(el, 'change');
    await sendKeys({ press: 'Enter' });
    await changed;
    expect(submitted).to.equal(false);
    expect(el.value).to.equal('SPRING10');
    await el.updateComplete;
    expect(formEntries(form)).to.deep.equal({ couponCode: 'SPRING10' });
  });

  it("shows the server's verdict on the code, linked to the input", async () => {
    const el = await fixture<PorticoCouponField>(
      html`<portico-coupon-field value="OLD" .error=${'This coupon has expired.'}></portico-coupon-field>`,
    );
    expect(await el.validate()).to.equal(false);
    expect(input(el).getAttribute('aria-invalid')).to.equal('true');
    const described = el.shadowRoot!.getElementById(input(el).getAttribute('aria-describedby')!)!;
    expect(described.textContent).to.contain('This coupon has expired.');
    await expect(el).to.be.accessible();
  });

  it('confirms an applied code and clears it with the Apply button after emptying', async () => {
    const el = await fixture<PorticoCouponField>(
      html`<portico-coupon-field value="SPRING10" applied="10 % off"></portico-coupon-field>`,
    );
    // The coupon's description sits in a Unicode isolate (FSI … PDI): its own direction in a right-to-left page.
    expect(el.shadowRoot!.textContent).to.contain('Coupon applied: \u206810 % off\u2069');
    input(el).select();
    input(el).focus();
    await sendKeys({ press: 'Backspace' });
    const changed = oneEvent(el, 'change');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="apply"]')!.click();
    await changed;
    expect(el.value).to.equal('');
  });
});
