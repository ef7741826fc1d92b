import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './portico-payment.ts';
import { useTheme } from '../../testing/fixtures.ts';
import { deepActiveElement, until } from '../../testing/dom.ts';
import type { PorticoPayment } from './payment.ts';

const sepa = {
  creditorName: 'Northwind Cloud',
  creditorId: 'DE98ZZZ09999999999',
  mandateText: 'I authorise Northwind Cloud to collect payments from my account by direct debit.',
};

async function payment(method = ''): Promise<PorticoPayment> {
  return fixture<PorticoPayment>(
    html`<portico-payment
      tenant="demo"
      .methods=${['sepa', 'card', 'invoice']}
      .sepa=${sepa}
      method=${method}
    ></portico-payment>`,
  );
}

/** Runs `parent.postMessage(data, '*')` inside a same-origin frame, so the message's source is that frame. */
function postFrom(frame: HTMLIFrameElement, data: unknown): void {
  (frame.contentWindow as Window & { eval(code: string): unknown }).eval(
    `parent.postMessage(${JSON.stringify(data)}, '*')`,
  );
}

const field = (el: PorticoPayment, label: string) =>
  [...el.shadowRoot!.querySelectorAll('portico-text-field')].find((f) => f.label === label)!;

describe('<portico-payment>', () => {
  before(() => useTheme('light'));

  it('offers the enabled methods as a radio group and asks for one', async () => {
    const el = await payment();
    await expect(el).to.be.accessible();
    const radios = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((radio) => radio.value)).to.deep.equal(['sepa', 'card', 'invoice']);
    el.showErrors();
    expect(await el.validate()).to.equal(false);
    expect(el.validationMessage).to.equal('Please choose a payment method.');
    el.focusFirstInvalid();
    expect(deepActiveElement()).to.equal(radios[0]);
    const changed = oneEvent(el, 'change');
    await sendKeys({ press: 'ArrowDown' });
    await changed;
    expect(el.method).to.equal('card');
  });

  it('takes SEPA holder, IBAN and optional BIC with the mandate text', async () => {
    const el = await payment('sepa');
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.textContent).to.contain(sepa.mandateText).and.contain('mandate reference follows');
    expect(await el.validate()).to.equal(false);
    expect(field(el, 'BIC').required).to.equal(false);
    field(el, 'Account holder').focus();
    await sendKeys({ type: 'Ada Lovelace' });
    field(el, 'IBAN').focus();
    await sendKeys({ type: 'de89 3704 0044 0532 0130 00' });
    expect(await el.validate()).to.equal(true);
    expect(el.value).to.deep.equal({ kind: 'sepa', holder: 'Ada Lovelace', iban: 'DE89370400440532013000' });
  });

  it('puts server errors on the IBAN field', async () => {
    const el = await payment('sepa');
    el.errors = { iban: 'This IBAN is not valid.' };
    expect(await el.validate()).to.equal(false);
    el.focusFirstInvalid();
    expect(deepActiveElement()).to.equal(field(el, 'Account holder').shadowRoot!.querySelector('input'));
    expect(field(el, 'IBAN').shadowRoot!.textContent).to.contain('This IBAN is not valid.');
  });

  it('explains paying by invoice', async () => {
    const el = await payment('invoice');
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.textContent).to.contain('invoice by e-mail');
    expect(await el.validate()).to.equal(true);
    expect(el.value).to.deep.equal({ kind: 'invoice' });
  });

  it('embeds the card frame and accepts tokens only from that frame at the server origin', async () => {
    const el = await payment('card');
    const frame = el.shadowRoot!.querySelector('iframe')!;
    expect(frame.getAttribute('title')).to.equal('Card details');
    const src = new URL(frame.src);
    expect(src.pathname).to.equal('/demo/payments/sandbox/card-frame');
    expect(src.searchParams.get('origin')).to.equal(window.location.origin);
    expect(await el.validate()).to.equal(false);
    const token = {
      type: 'portico-card-token',
      token: 'tok_1',
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2030,
    };

    // The page itself, and another frame of the same origin, are not the card frame.
    window.postMessage(token, '*');
    const other = document.createElement('iframe');
    document.body.append(other);
    postFrom(other, { ...token, token: 'tok_other' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(el.value).to.equal(null);
    other.remove();

    // The card frame (here served from the test page's origin, which is the server origin) is heard.
    await until(() => frame.contentDocument?.readyState === 'complete', 'the card frame');
    postFrom(frame, token);
    await until(() => el.value !== null, 'the card token');
    expect(el.value).to.deep.equal({ kind: 'card', cardToken: 'tok_1' });
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Visa ending in 4242 is ready.');
    expect(await el.validate()).to.equal(true);

    const refused = oneEvent(el, 'portico-card-error');
    postFrom(frame, { type: 'portico-card-error', code: 'card_declined', message: 'This card was declined.' });
    expect((await refused).detail).to.deep.equal({ code: 'card_declined', message: 'This card was declined.' });
    await until(() => el.value === null, 'the card error');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#card-error')!.textContent).to.contain('This card was declined.');
    await expect(el).to.be.accessible();
  });

  it('ignores card messages whose origin is not the Portico server', async () => {
    const el = await fixture<PorticoPayment>(
      html`<portico-payment
        tenant="demo"
        api-base="https://portico.example"
        .methods=${['card']}
        method="card"
      ></portico-payment>`,
    );
    expect(el.serverOrigin).to.equal('https://portico.example');
    const frame = el.shadowRoot!.querySelector('iframe')!;
    expect(frame.src).to.match(/^https:\/\/portico\.example\/demo\/payments\/sandbox\/card-frame\?origin=/);
    const event = new MessageEvent('message', {
      data: { type: 'portico-card-token', token: 'tok_x', brand: 'visa', last4: '4242', expMonth: 1, expYear: 2030 },
      origin: window.location.origin,
      source: frame.contentWindow,
    });
    window.dispatchEvent(event);
    expect(el.value).to.equal(null);
  });
});
