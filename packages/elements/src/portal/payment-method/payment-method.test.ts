import { expect, fixture, html } from '@open-wc/testing';
import type { CardToken, PaymentMethodView } from '@portico/core';
import './portico-portal-payment-method.ts';
import type { PorticoPortalPaymentMethod } from './payment-method.ts';
import type { PorticoPayment } from '../../shared/payment/payment.ts';
import type { PortalClient } from '../client.ts';
import { deepActiveElement, until } from '../../testing/dom.ts';
import { porticoFixtures, sessionFor, useTheme } from '../../testing/fixtures.ts';

const SUCCESS_CARD = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2040, cvc: '123', holder: 'Mia Keller' };
const DECLINED_CARD = { ...SUCCESS_CARD, number: '4000 0000 0000 0002' };

let client: PortalClient;

async function sectionFor(token: string): Promise<PorticoPortalPaymentMethod> {
  const opened = await sessionFor(token);
  client = opened.client;
  const el = await fixture<PorticoPortalPaymentMethod>(
    html`<portico-portal-payment-method
      lang="en"
      .client=${opened.client}
      .session=${opened.session}
    ></portico-portal-payment-method>`,
  );
  await until(() => !el.shadowRoot!.textContent!.includes('Loading'), 'the payment method to load');
  return el;
}

const root = (el: PorticoPortalPaymentMethod) => el.shadowRoot!;
const shown = (el: PorticoPortalPaymentMethod, field: string) =>
  root(el).querySelector(`.current dd[data-field="${field}"]`)?.textContent?.trim();
const button = (el: PorticoPortalPaymentMethod, name: string) =>
  root(el).querySelector<HTMLButtonElement>(`button.${name}`)!;
const payment = (el: PorticoPortalPaymentMethod) => root(el).querySelector<PorticoPayment>('portico-payment')!;
const alertText = (el: PorticoPortalPaymentMethod) => root(el).querySelector('[role="alert"].alert')!.textContent!;
const serverView = () => client.get<PaymentMethodView>('/payment-method');

/** The sandbox provider's real tokens endpoint, as its card frame calls it. */
async function tokenize(card: object): Promise<{ status: number; body: Record<string, unknown> }> {
  const { tenant } = await porticoFixtures();
  const response = await fetch(`/api/payments/sandbox/${tenant}/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(card),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** What the card frame posts to its parent, sent from inside the frame (its source is the frame). */
function postFromFrame(el: PorticoPortalPaymentMethod, data: unknown): void {
  const frame = payment(el).shadowRoot!.querySelector('iframe')!;
  (frame.contentWindow as Window & { eval(code: string): unknown }).eval(
    `parent.postMessage(${JSON.stringify(data)}, '*')`,
  );
}

async function replaceWith(el: PorticoPortalPaymentMethod, kind: 'sepa' | 'card' | 'invoice'): Promise<void> {
  button(el, 'replace').click();
  await until(() => !!root(el).querySelector('form portico-payment'), 'the replace form');
  const block = payment(el);
  await block.updateComplete;
  block.shadowRoot!.querySelector<HTMLInputElement>(`input[type="radio"][value="${kind}"]`)!.click();
  await block.updateComplete;
  if (kind === 'card') {
    await until(() => block.shadowRoot!.querySelector('iframe')?.contentDocument?.readyState === 'complete', 'frame');
  }
}

async function type(el: PorticoPortalPaymentMethod, label: string, value: string): Promise<void> {
  const block = payment(el);
  const control = [...block.shadowRoot!.querySelectorAll('portico-text-field')].find((f) => f.label === label)!;
  await control.updateComplete;
  const input = control.shadowRoot!.querySelector<HTMLInputElement>('input')!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await block.updateComplete;
}

describe('<portico-portal-payment-method>', () => {
  before(() => useTheme('light'));

  it('shows the masked SEPA mandate and replaces it by a sandbox card', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await sectionFor(portalToken);
    await expect(el).to.be.accessible();
    expect(root(el).querySelector('h2')!.textContent).to.contain('Payment data');
    expect(shown(el, 'kind')).to.equal('SEPA direct debit');
    expect(shown(el, 'masked')).to.equal('DE•• •••• •••• •••• 3000');
    expect(shown(el, 'mandate')).to.equal('NWC-10001-1');
    expect(root(el).textContent).not.to.contain('370400440532013000');

    await replaceWith(el, 'card');
    await expect(el).to.be.accessible();
    expect(payment(el).shadowRoot!.querySelector('legend')!.textContent).to.equal('New payment method');
    const token = await tokenize(SUCCESS_CARD);
    expect(token.status).to.equal(200);
    postFromFrame(el, { type: 'portico-card-token', ...(token.body as unknown as CardToken) });
    await until(() => payment(el).value !== null, 'the card token');
    button(el, 'save').click();
    await el.updateComplete;
    expect(button(el, 'save').disabled).to.equal(true, 'no second submit while saving');
    expect(button(el, 'save').textContent).to.contain('Saving…');
    await until(() => !root(el).querySelector('form'), 'the replacement');
    expect(root(el).querySelector('[role="status"].message')!.textContent).to.contain('payment method is replaced');
    expect(shown(el, 'kind')).to.equal('Credit card');
    expect(shown(el, 'masked')).to.equal('Visa •••• 4242');
    expect(shown(el, 'expiry')).to.equal('12/2040');
    expect(deepActiveElement()).to.equal(button(el, 'replace'));
    const again = await sectionFor(portalToken);
    expect(shown(again, 'masked')).to.equal('Visa •••• 4242');
  });

  it('announces a declined card and keeps the old method', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await sectionFor(portalToken);
    const before = await serverView();
    await replaceWith(el, 'card');
    const declined = await tokenize(DECLINED_CARD);
    expect(declined.status).to.equal(402);
    const error = declined.body.error as { code: string; message: string };
    postFromFrame(el, { type: 'portico-card-error', code: error.code, message: error.message, fields: {} });
    await until(() => alertText(el).includes('declined'), 'the decline alert');
    expect(alertText(el)).to.contain('Your previous payment method remains active.');
    expect(payment(el).shadowRoot!.querySelector('#card-error')!.textContent!.trim(), 'said once').to.equal('');
    expect(payment(el).value).to.equal(null);
    await expect(el).to.be.accessible();
    expect((await serverView()).current?.id).to.equal(before.current?.id);
    button(el, 'cancel').click();
    await until(() => !root(el).querySelector('form'), 'the view');
    expect(shown(el, 'masked')).to.equal(before.current?.masked);
  });

  it('keeps the old method when the server refuses the card token', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await sectionFor(portalToken);
    const before = await serverView();
    await replaceWith(el, 'card');
    const forged = { token: 'sbx_forged.signature', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2040 };
    postFromFrame(el, { type: 'portico-card-token', ...forged });
    await until(() => payment(el).value !== null, 'the card token');
    button(el, 'save').click();
    await until(() => alertText(el).includes('not accepted'), 'the refusal');
    expect(alertText(el)).to.contain('Your previous payment method remains active.');
    expect(payment(el).shadowRoot!.querySelector('#card-error')!.textContent).to.contain('enter the card again');
    expect(payment(el).value).to.equal(null, 'the refused token is forgotten');
    expect(button(el, 'save').disabled).to.equal(false);
    expect((await serverView()).current?.id).to.equal(before.current?.id);
  });

  it('puts an invalid IBAN on its field and saves a corrected SEPA mandate', async () => {
    const { portalToken } = await porticoFixtures();
    const el = await sectionFor(portalToken);
    const before = await serverView();
    await replaceWith(el, 'sepa');
    expect(payment(el).shadowRoot!.textContent).to.contain(before.sepa.mandateText);
    await type(el, 'Account holder', 'Acme Analytics GmbH');
    await type(el, 'IBAN', 'DE89 3704 0044 0532 0130 01');
    button(el, 'save').click();
    await until(() => alertText(el).includes('check the marked fields'), 'the field error');
    const iban = [...payment(el).shadowRoot!.querySelectorAll('portico-text-field')].find((f) => f.label === 'IBAN')!;
    await until(() => iban.shadowRoot!.textContent!.includes('not valid'), 'the IBAN error');
    expect(iban.shadowRoot!.querySelector('input')!.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
    expect((await serverView()).current?.id).to.equal(before.current?.id);

    // The alert follows a language switch.
    el.lang = 'de';
    await until(() => alertText(el).includes('Bitte prüfen Sie die markierten Felder.'), 'the alert in German');
    el.lang = 'en';
    await until(() => alertText(el).includes('check the marked fields'), 'the alert in English again');

    await type(el, 'IBAN', 'DE89 3704 0044 0532 0130 00');
    button(el, 'save').click();
    await until(() => !root(el).querySelector('form'), 'the replacement');
    expect(shown(el, 'masked')).to.equal('DE•• •••• •••• •••• 3000');
    expect(shown(el, 'mandate')).to.match(/^PORTICO-10001-/);
  });
});
