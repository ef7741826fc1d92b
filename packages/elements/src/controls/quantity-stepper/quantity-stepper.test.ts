import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './portico-quantity-stepper.ts';
import { useTheme } from '../../testing/fixtures.ts';
import { formEntries } from '../../testing/dom.ts';
import type { PorticoQuantityStepper } from './quantity-stepper.ts';

const part = (el: PorticoQuantityStepper, name: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`)!;

describe('<portico-quantity-stepper>', () => {
  before(() => useTheme('light'));

  it('is accessible with labelled input and buttons', async () => {
    const el = await fixture<PorticoQuantityStepper>(
      html`<portico-quantity-stepper label="Seats" hint="€5.00 per seat" min="0" max="3"></portico-quantity-stepper>`,
    );
    await expect(el).to.be.accessible();
    const input = part(el, 'input') as HTMLInputElement;
    expect(input.labels?.[0]?.textContent).to.contain('Seats');
    expect(part(el, 'increment').getAttribute('aria-label')).to.contain('Seats');
  });

  it('counts up and down with the buttons within min and max, and submits the quantity', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <portico-quantity-stepper name="seats" label="Seats" min="1" max="2" value="1"></portico-quantity-stepper>
      </form>`,
    );
    const el = form.querySelector('portico-quantity-stepper')!;
    expect((part(el, 'decrement') as HTMLButtonElement).disabled).to.equal(true);
    const changed = oneEvent(el, 'change');
    part(el, 'increment').click();
    await changed;
    await el.updateComplete;
    expect(el.value).to.equal(2);
    expect((part(el, 'increment') as HTMLButtonElement).disabled).to.equal(true);
    expect(formEntries(form)).to.deep.equal({ seats: '2' });
    part(el, 'decrement').click();
    await el.updateComplete;
    expect(el.value).to.equal(1);
  });

  it('takes typed numbers and arrow keys; out of range is invalid with a clear message', async () => {
    const el = await fixture<PorticoQuantityStepper>(
      html`<portico-quantity-stepper label="Seats" min="0" max="5"></portico-quantity-stepper>`,
    );
    (part(el, 'input') as HTMLInputElement).focus();
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(el.value).to.equal(1);
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ type: '9' });
    expect(await el.validate()).to.equal(false);
    expect(el.validity.rangeOverflow).to.equal(true);
    expect(el.validationMessage).to.equal('Please choose at most 5.');
    await el.updateComplete;
    const input = part(el, 'input');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.getElementById('error')!.textContent).to.contain('at most 5');
    expect(input.getAttribute('aria-describedby')).to.contain('error');
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ type: '4' });
    expect(await el.validate()).to.equal(true);
    expect(el.value).to.equal(4);
  });

  it('shows a server error and resets to its initial value', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <portico-quantity-stepper
          name="q"
          label="Seats"
          value="2"
          .error=${'At most 1 for this plan.'}
        ></portico-quantity-stepper>
      </form>`,
    );
    const el = form.querySelector('portico-quantity-stepper')!;
    expect(await el.validate()).to.equal(false);
    expect(el.shadowRoot!.getElementById('error')!.textContent).to.contain('At most 1 for this plan.');
    part(el, 'increment').click();
    expect(await el.validate()).to.equal(true);
    form.reset();
    await el.updateComplete;
    expect(el.value).to.equal(2);
  });
});
