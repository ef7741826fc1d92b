import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../portico-signup.ts';
import type { PorticoSignup } from './signup.ts';
import type { PorticoPayment } from '../shared/payment/payment.ts';
import type { PorticoStepChangeEvent } from '../events/step-change-event.ts';
import { porticoFixtures, useTheme } from '../testing/fixtures.ts';
import { deepActiveElement, until } from '../testing/dom.ts';

const root = (el: Element) => el.shadowRoot!;
const q = <T extends Element = HTMLElement>(el: Element, selector: string) => root(el).querySelector<T>(selector);

async function signup(extra = {}): Promise<PorticoSignup> {
  const { tenant, signupVariantId } = await porticoFixtures();
  const el = await fixture<PorticoSignup>(
    html`<portico-signup tenant=${tenant} plan-variant=${signupVariantId} lang="en-GB" ...=${extra}></portico-signup>`,
  );
  await until(() => !!q(el, 'form'), 'the signup form');
  await until(() => !!q(el, 'portico-payment')?.shadowRoot, 'the payment section (loaded after the first view)');
  return el;
}

/** The native input (or select) of a customer field. */
function customerInput(el: PorticoSignup, name: string): HTMLInputElement | HTMLSelectElement {
  const fields = q(el, 'portico-customer-fields')!;
  return fields
    .shadowRoot!.querySelector(`portico-text-field[name="customer.${name}"]`)!
    .shadowRoot!.querySelector('#input')!;
}

async function type(input: HTMLElement, text: string): Promise<void> {
  input.focus();
  await sendKeys({ type: text });
}

async function fillCustomer(el: PorticoSignup, email: string): Promise<void> {
  await type(customerInput(el, 'email'), email);
  await type(customerInput(el, 'firstName'), 'Ada');
  await type(customerInput(el, 'lastName'), 'Lovelace <b>&</b>');
  await type(customerInput(el, 'street'), 'Unter den Linden');
  await type(customerInput(el, 'houseNumber'), '1');
  await type(customerInput(el, 'postalCode'), '10117');
  await type(customerInput(el, 'city'), 'Berlin');
  const country = customerInput(el, 'country') as HTMLSelectElement;
  country.value = 'DE';
  country.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

function acceptTerms(el: PorticoSignup): void {
  const terms = q(el, 'portico-signup-terms')!;
  for (const box of terms.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) box.click();
}

function choosePayment(el: PorticoSignup, kind: string): PorticoPayment {
  const payment = q<PorticoPayment>(el, 'portico-payment')!;
  payment.shadowRoot!.querySelector<HTMLInputElement>(`input[value="${kind}"]`)!.click();
  return payment;
}

const total = (el: PorticoSignup) =>
  q(el, 'portico-order-summary')?.shadowRoot!.querySelector('[part="total"] td')?.textContent ?? '';

const uniqueEmail = () => `ada.${crypto.randomUUID().slice(0, 8)}@example.com`;

/** Lit's dev-mode warnings that an element scheduled an update from inside its own update (each is issued once). */
const updatesInUpdate: string[] = [];
const consoleWarn = console.warn;

describe('<portico-signup>', () => {
  before(() => {
    useTheme('light');
    console.warn = (...args: unknown[]) => {
      if (String(args[0]).includes('change-in-update')) updatesInUpdate.push(String(args[0]));
      consoleWarn.apply(console, args);
    };
  });
  after(() => (console.warn = consoleWarn));
  beforeEach(() => sessionStorage.clear());
  // Sending disables the fields, which blurs the focused one and fires its `change` during the render.
  afterEach(() => expect(updatesInUpdate, 'an element updated again from inside its update').to.deep.equal([]));

  it('shows the plan variant from the server, accessibly', async () => {
    const el = await signup();
    await until(() => total(el) !== '', 'the order summary');
    await expect(el).to.be.accessible();
    const text = root(el).textContent ?? '';
    expect(q(el, 'h1')!.textContent).to.match(/Starter|Business/);
    expect(text).to.match(/€\d/);
    expect(text).to.match(/per (month|year)/);
    expect(q(el, 'portico-usage-fees')).to.not.equal(null);
    expect(q(el, 'portico-coupon-field')).to.not.equal(null);
  });

  it('shows catalog texts in their own direction in Arabic', async () => {
    const { tenant, signupVariantId } = await porticoFixtures();
    const el = await fixture<PorticoSignup>(
      html`<portico-signup tenant=${tenant} plan-variant=${signupVariantId} lang="ar"></portico-signup>`,
    );
    await until(() => !!q(el, 'form'), 'the signup form');
    await until(() => total(el) !== '', 'the order summary');
    await expect(el).to.be.accessible();
    expect(el.dir).to.equal('rtl');
    // The plan's name stays Latin ("Starter"): in its own direction, not the page's.
    const title = q(el, 'h1')!;
    expect(title.getAttribute('dir')).to.equal('auto');
    expect(getComputedStyle(title).direction).to.equal('ltr');
    // The description comes in Arabic from the catalog, and reads right to left.
    const description = q(el, 'header p[dir="auto"]:not(.muted)')!;
    expect(description.textContent).to.match(/[\u0600-\u06ff]/);
    expect(getComputedStyle(description).direction).to.equal('rtl');
    const fees = q(el, 'portico-usage-fees')!.shadowRoot!;
    expect([...fees.querySelectorAll('[part="fee"] dt [dir="auto"]')].length).to.be.greaterThan(0);
    const component = q(el, 'portico-signup-components')?.shadowRoot?.querySelector('[part="component"]');
    if (component) expect(component.shadowRoot!.querySelector('label')!.getAttribute('dir')).to.equal('auto');
  });

  it('announces a loading state while the plan loads', async () => {
    const { tenant, signupVariantId } = await porticoFixtures();
    const el = await fixture<PorticoSignup>(
      html`<portico-signup tenant=${tenant} plan-variant=${signupVariantId}></portico-signup>`,
    );
    const status = q(el, '[role="status"]');
    expect(status?.textContent).to.contain('Loading');
    expect(q(el, '[part="base"]')!.getAttribute('aria-busy')).to.equal('true');
    await until(() => !!q(el, 'h1'), 'the heading');
  });

  it('tells the customer when the plan variant does not exist and emits portico-error', async () => {
    const { tenant } = await porticoFixtures();
    const el = document.createElement('portico-signup');
    const errorEvent = oneEvent(el, 'portico-error');
    el.tenant = tenant;
    el.planVariant = '00000000-0000-4000-8000-000000000000';
    document.body.append(el);
    const event = await errorEvent;
    expect(event.detail.code).to.equal('not_found');
    await el.updateComplete;
    expect(q(el, '[role="alert"]')?.textContent).to.contain('not available');
    await expect(el).to.be.accessible();
    el.remove();
  });

  it('refreshes the server-computed summary when options change, and shows coupon errors', async () => {
    const el = await signup();
    await until(() => total(el) !== '', 'the first preview');
    const before = total(el);
    const seats = q(el, 'portico-signup-components')!.shadowRoot!.querySelector('portico-quantity-stepper')!;
    const increment = seats.shadowRoot!.querySelector<HTMLButtonElement>('[part="increment"]')!;
    increment.click();
    increment.click();
    await until(() => total(el) !== before, 'the summary to follow the seats');
    expect(root(el).textContent).to.not.contain('could not be calculated');
    const coupon = q(el, 'portico-coupon-field')!;
    await type(coupon.shadowRoot!.querySelector('input')!, 'NO-SUCH-CODE');
    await sendKeys({ press: 'Enter' });
    await until(() => (coupon.shadowRoot!.querySelector('#error')?.textContent ?? '') !== '', 'the coupon verdict');
    expect(coupon.shadowRoot!.querySelector('input')!.getAttribute('aria-invalid')).to.equal('true');
  });

  it('moves focus to the first missing field and announces what is missing, sending nothing', async () => {
    const el = await signup();
    q<HTMLButtonElement>(el, 'button[part="submit"]')!.click();
    await until(() => deepActiveElement() === customerInput(el, 'email'), 'focus on the e-mail field');
    const alert = q(el, '.alerts[role="alert"]')!;
    expect(alert.textContent).to.contain('Please fill in E-mail.');
    expect(alert.textContent).to.contain('Please choose a payment method.');
    expect(customerInput(el, 'email').getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('lists every invalid field in the summary, live and in the language shown', async () => {
    const el = await signup();
    q<HTMLButtonElement>(el, 'button[part="submit"]')!.click();
    const alert = q(el, '.alerts[role="alert"]')!;
    await until(() => alert.textContent!.includes('Please fill in'), 'the summary');
    const items = () => [...alert.querySelectorAll('li')].map((item) => item.textContent!.trim());
    for (const label of ['E-mail', 'First name', 'Last name', 'Street', 'House number', 'Postal code', 'City']) {
      expect(items()).to.include(`Please fill in ${label}.`);
    }
    expect(items()).to.include('Please choose a payment method.');
    await type(customerInput(el, 'email'), uniqueEmail());
    await until(() => !items().includes('Please fill in E-mail.'), 'the summary to drop the e-mail');
    expect(items()).to.include('Please fill in City.');
    el.lang = 'de';
    await until(() => alert.textContent!.includes('Bitte prüfen Sie Ihre Bestellung'), 'the summary in German');
    await until(() => items().includes('Bitte füllen Sie Ort aus.'), 'the missing fields in German');
    expect(items().join(' ')).to.not.contain('Please');
    await expect(el).to.be.accessible();
  });

  it("puts the server's field errors on their fields and focuses the first", async () => {
    const el = await signup();
    await fillCustomer(el, uniqueEmail());
    acceptTerms(el);
    const payment = choosePayment(el, 'sepa');
    await el.updateComplete;
    await payment.updateComplete;
    const [holder, iban] = [...payment.shadowRoot!.querySelectorAll('portico-text-field')].map((field) =>
      field.shadowRoot!.querySelector('input')!,
    );
    await type(holder!, 'Ada Lovelace');
    await type(iban!, 'DE00123456780000000000');
    customerInput(el, 'email').focus();
    q<HTMLButtonElement>(el, 'button[part="submit"]')!.click();
    await until(() => iban!.getAttribute('aria-invalid') === 'true', 'the IBAN error');
    await until(() => deepActiveElement() === iban, 'focus on the IBAN');
    expect(q(el, '.alerts')!.textContent).to.contain('IBAN');
    expect(q(el, '.success')).to.equal(null);
  });

  it('lets the customer correct an IBAN the server refused, and the next submit goes out', async () => {
    const el = await signup();
    await fillCustomer(el, uniqueEmail());
    acceptTerms(el);
    const payment = choosePayment(el, 'sepa');
    await el.updateComplete;
    await payment.updateComplete;
    const [holder, iban] = [...payment.shadowRoot!.querySelectorAll('portico-text-field')].map((field) =>
      field.shadowRoot!.querySelector('input')!,
    );
    await type(holder!, 'Ada Lovelace');
    await type(iban!, 'DE89370400440532013001');
    q<HTMLButtonElement>(el, 'button[part="submit"]')!.click();
    await until(() => iban!.getAttribute('aria-invalid') === 'true', 'the IBAN error');
    expect(q(el, '.alerts')!.textContent).to.contain('IBAN');
    iban!.select();
    await sendKeys({ type: 'DE89370400440532013000' });
    await until(() => iban!.getAttribute('aria-invalid') === 'false', 'the IBAN error to go');
    await until(() => !q(el, '.alerts')!.textContent!.includes('IBAN'), 'the summary to drop the IBAN');
    q<HTMLButtonElement>(el, 'button[part="submit"]')!.click();
    await until(() => q(el, '.success') !== null, 'the order to go out');
    await expect(el).to.be.accessible();
  });

  it('places an order: sending state, success view, events, and the draft is forgotten', async () => {
    const el = await signup();
    const steps: string[] = [];
    el.addEventListener('portico-step-change', (event: PorticoStepChangeEvent) => steps.push(event.detail.step));
    const email = uniqueEmail();
    await fillCustomer(el, email);
    acceptTerms(el);
    choosePayment(el, 'invoice');
    await el.updateComplete;
    expect(sessionStorage.length).to.equal(1);
    const button = q<HTMLButtonElement>(el, 'button[part="submit"]')!;
    const seen: string[] = [];
    new MutationObserver(() => seen.push(`${button.disabled}:${button.textContent!.trim()}`)).observe(button, {
      attributes: true,
      childList: true,
      subtree: true,
      characterData: true,
    });
    const completed = oneEvent(el, 'portico-order-completed');
    button.click();
    await until(() => q(el, '.success') !== null || q(el, '.alerts')!.textContent!.trim() !== '', 'an answer');
    expect(q(el, '.alerts')?.textContent ?? '').to.equal('');
    const event = await completed;
    expect(event.detail.orderId).to.be.a('string').and.not.equal('');
    expect(event.detail.customerId).to.be.a('string').and.not.equal('');
    expect(event.detail.contractId).to.be.a('string').and.not.equal('');
    expect(seen).to.include('true:Sending…');
    await el.updateComplete;
    expect(q(el, '.success h1')!.textContent).to.contain('Thank you');
    const summary = q(el, '.success .order-summary')!.textContent!.replace(/\s+/g, ' ');
    expect(summary, 'the plan').to.match(/Plan .+ – .+/);
    expect(summary, 'what is charged after the trial').to.match(/Then €[\d.,]+ per month/);
    const success = q(el, '.success')!.textContent!.replace(/\s+/g, ' ');
    expect(success, 'the trial end instead of a charge today').to.match(/Free trial until \d+ \w+ \d{4}\./);
    expect(success).to.contain(`We have sent a confirmation with the link to your customer portal to ${email}.`);
    expect(deepActiveElement()).to.equal(q(el, '.success h1'));
    expect(steps).to.include.members(['details', 'payment', 'done']);
    expect(steps.at(-1)).to.equal('done');
    expect(sessionStorage.length).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('switches to a sibling variant with the arrow keys and keeps what was typed', async () => {
    const el = await signup();
    const variantSwitch = q(el, 'portico-variant-switch')!;
    const radios = [...variantSwitch.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.length).to.be.greaterThan(1);
    await type(customerInput(el, 'email'), 'switch@example.com');
    const before = el.planVariant;
    const checked = radios.findIndex((radio) => radio.checked);
    radios[checked]!.focus();
    await sendKeys({ press: checked === 0 ? 'ArrowDown' : 'ArrowUp' });
    await until(() => el.planVariant !== before, 'the variant to change');
    await until(
      () => (q(el, '.price')?.textContent ?? '').includes(checked === 0 ? 'per year' : 'per month'),
      'the other price',
    );
    expect(customerInput(el, 'email').value).to.equal('switch@example.com');
    await expect(el).to.be.accessible();

    // A reload keeps the chosen variant and its draft.
    const chosen = el.planVariant;
    el.remove();
    const reloaded = await signup();
    expect(reloaded.planVariant).to.equal(chosen);
    await until(
      () => (q(reloaded, '.price')?.textContent ?? '').includes(checked === 0 ? 'per year' : 'per month'),
      'the chosen price after the reload',
    );
    expect(customerInput(reloaded, 'email').value).to.equal('switch@example.com');
  });

  it('shows its own variant when the kept choice no longer exists', async () => {
    const { tenant, signupVariantId } = await porticoFixtures();
    sessionStorage.setItem(`portico-signup:${tenant}:${signupVariantId}:chosen-variant`, 'closed-variant');
    const el = await signup();
    expect(el.planVariant).to.equal(signupVariantId);
    expect(sessionStorage.getItem(`portico-signup:${tenant}:${signupVariantId}:chosen-variant`)).to.equal(null);
  });

  it('keeps what was typed across a reload, but never payment data', async () => {
    let el = await signup();
    await fillCustomer(el, 'keep.me@example.com');
    const payment = choosePayment(el, 'sepa');
    await payment.updateComplete;
    const iban = payment.shadowRoot!.querySelectorAll('portico-text-field')[1]!.shadowRoot!.querySelector('input')!;
    await type(iban, 'DE89370400440532013000');
    const stored = JSON.stringify(Object.fromEntries(Object.entries(sessionStorage)));
    expect(stored).to.contain('keep.me@example.com');
    expect(stored).to.not.contain('DE8937');
    el.remove();
    el = await signup();
    expect(customerInput(el, 'email').value).to.equal('keep.me@example.com');
    expect(customerInput(el, 'city').value).to.equal('Berlin');
    const restoredPayment = q<PorticoPayment>(el, 'portico-payment')!;
    await restoredPayment.updateComplete;
    const restoredIban = restoredPayment.shadowRoot!.querySelectorAll('portico-text-field')[1]!;
    expect(restoredIban.shadowRoot!.querySelector('input')!.value).to.equal('');
  });

  it('reads e-mail, coupon, language and component quantities from the address', async () => {
    const original = window.location.href;
    const config = await (
      await fetch(`/api/signup/demo/plan-variants/${(await porticoFixtures()).signupVariantId}/config`)
    ).json();
    const seatsId = config.components.find((c: { kind: string }) => c.kind === 'quantity').id as string;
    history.replaceState(null, '', `?email=pre%40example.com&coupon=WELCOME&language=de&component.${seatsId}=3`);
    try {
      const { tenant, signupVariantId } = await porticoFixtures();
      const el = await fixture<PorticoSignup>(
        html`<portico-signup tenant=${tenant} plan-variant=${signupVariantId}></portico-signup>`,
      );
      await until(() => !!q(el, 'form'), 'the signup form');
      expect(el.lang).to.equal('de');
      expect(customerInput(el, 'email').value).to.equal('pre@example.com');
      expect((q(el, 'portico-coupon-field') as HTMLElement & { value: string }).value).to.equal('WELCOME');
      const stepper = q(el, 'portico-signup-components')!.shadowRoot!.querySelector('portico-quantity-stepper')!;
      expect(stepper.value).to.equal(3);
    } finally {
      history.replaceState(null, '', original);
    }
  });
});
