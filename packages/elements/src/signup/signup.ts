import { html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import {
  formatMoney,
  type CustomerField,
  type CustomerInput,
  type OrderDraft,
  type OrderPreview,
  type OrderRequest,
  type OrderResult,
  type PaymentMethodKind,
  type SignupConfig,
  type TenantWording,
} from '@portico/core';
import { PorticoElement } from '../base/portico-element.ts';
import { hostStyles } from '../base/shared.styles.ts';
import { ApiError, getJson } from '../base/api.ts';
import { NewestAnswer, overtaken } from '../base/newest-answer.ts';
import { yieldToMain } from '../base/yield.ts';
import type { FormControl } from '../controls/form-control.ts';
import { PorticoErrorEvent } from '../events/error-event.ts';
import { PorticoOrderCompletedEvent } from '../events/order-completed-event.ts';
import { PorticoStepChangeEvent, type SignupStep } from '../events/step-change-event.ts';
import type { PorticoSignupComponents } from './components/components.ts';
import type { PorticoCouponField } from './coupon-field/coupon-field.ts';
import { countryOptions } from '../shared/customer-fields/countries.ts';
import type { PorticoCustomerFields } from '../shared/customer-fields/customer-fields.ts';
import {
  clearChosenVariant,
  clearDraft,
  loadChosenVariant,
  loadDraft,
  saveChosenVariant,
  saveDraft,
  type StoredDraft,
} from './draft-storage.ts';
import { formatDate, periodText, trialText } from './format.ts';
import { PreviewRequest } from './order-summary/preview-request.ts';
import type { PaymentErrors, PorticoPayment } from '../shared/payment/payment.ts';
import { signupStyles } from './signup.styles.ts';
import type { PorticoSignupTerms } from './terms/terms.ts';
import { readUrlParams } from './url-params.ts';

type LoadState =
  | { status: 'loading' }
  | { status: 'ready'; config: SignupConfig }
  | { status: 'error'; message: string }
  | { status: 'done'; config: SignupConfig; result: OrderResult; email: string; preview: OrderPreview | null };

interface ServerErrors {
  customer: Partial<Record<CustomerField, string>>;
  components: Record<string, string>;
  terms: Record<string, string>;
  payment: PaymentErrors;
  coupon: string;
}

const noErrors = (): ServerErrors => ({ customer: {}, components: {}, terms: {}, payment: {}, coupon: '' });

/**
 * Whether a flat record or list read from a section holds other entries than before. The sections hand out a
 * new object on every `input` and `change`; an equal one asks for no render. (Sending disables the fields,
 * which blurs the focused one: its `change` then arrives in the middle of the render.)
 */
function entriesChanged(value: object, old: object | undefined): boolean {
  if (old === undefined) return true;
  const before = new Map(Object.entries(old));
  const now = Object.entries(value);
  return now.length !== before.size || now.some(([key, entry]) => !Object.is(entry, before.get(key)));
}

/** The success URL as an absolute http(s) address, or null (a `javascript:` or other scheme is never followed). */
function httpUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, window.location.href);
    if (/^https?:$/.test(url.protocol)) return url.href;
  } catch {
    // not a URL at all: warned about below
  }
  console.warn('portico: ignored a success URL that is not http(s)', value);
  return null;
}

/**
 * The hosted signup page: the customer chooses a plan variant and options, enters their details, accepts the
 * terms, picks a payment method and places the order. What was typed (never payment data) survives a reload.
 * It loads the plan from the Portico server (`tenant`, `plan-variant`, `api-base`) and renders its building blocks
 * itself; style them through the parts below.
 *
 * @fires {PorticoOrderCompletedEvent} portico-order-completed - The order was placed; `detail` holds `orderId`,
 *   `customerId`, `contractId` and `successUrl`. `preventDefault()` stops the redirect to the success URL.
 * @fires {PorticoStepChangeEvent} portico-step-change - The customer moved between `plan`, `details`, `payment` and
 *   `done` (`detail.step`, `detail.previousStep`).
 * @fires {PorticoErrorEvent} portico-error - The plan could not be loaded or the order failed for a reason the
 *   customer cannot fix (`detail.code`, `detail.message`).
 * @fires {PorticoCardErrorEvent} portico-card-error - The payment provider's card frame refused the entered card
 *   (`detail.code`, e.g. `card_declined`, and `detail.message`); the element shows it too.
 * @csspart base - The element's card (everything inside the element).
 * @csspart header - The plan header: name, period, description, price, trial.
 * @csspart title - The page heading: the plan's name, and "Thank you for your order!" after the order.
 * @csspart section-heading - The heading of every section: billing period, options, usage fees, your details,
 *   payment, terms, order summary.
 * @csspart option - One billing-period choice (monthly, yearly, …).
 * @csspart component - One option row (quantity stepper or on/off switch).
 * @csspart decrement - The − button of a quantity.
 * @csspart increment - The + button of a quantity.
 * @csspart fee - One usage fee row.
 * @csspart field - One customer detail field (label, input and error together).
 * @csspart label - The label of a text field (customer details, IBAN, account holder).
 * @csspart input - Every text input and select, and the coupon and quantity inputs.
 * @csspart error - The error text under a field.
 * @csspart apply - The coupon's "Apply" button.
 * @csspart card-frame - The payment provider's card iframe (only while card payment is chosen).
 * @csspart term - One terms line (a checkbox with its text, or an informational line).
 * @csspart total - The total row of the order summary.
 * @csspart submit - The primary button, "Place order".
 * @cssprop --portico-color-surface - The card's background, and that of inputs and buttons.
 * @cssprop --portico-color-text - Body text.
 * @cssprop --portico-color-text-muted - Hints and secondary lines.
 * @cssprop --portico-color-primary - The order button, links, the chosen option and switches that are on.
 * @cssprop --portico-color-on-primary - Text on the order button; the knob of a switch that is on.
 * @cssprop --portico-color-border - Input, button and card borders.
 * @cssprop --portico-color-danger - Error messages and the borders of invalid inputs.
 * @cssprop --portico-color-success - Confirmations: an applied coupon, a card that is ready.
 * @cssprop --portico-font-family - The body font.
 * @cssprop --portico-font-family-heading - The heading font.
 * @cssprop --portico-font-size-s - Hints, errors and other small text.
 * @cssprop --portico-font-size-m - Body text.
 * @cssprop --portico-font-size-l - Section headings.
 * @cssprop --portico-font-size-xl - The page title.
 * @cssprop --portico-line-height - The body line height.
 * @cssprop --portico-space-s - Small gaps, inside inputs and between a label and its input.
 * @cssprop --portico-space-m - Gaps between fields and between blocks of a section.
 * @cssprop --portico-space-l - The card's padding and the gaps between sections.
 * @cssprop --portico-radius-m - Corners of inputs and buttons.
 * @cssprop --portico-radius-l - Corners of the card.
 * @cssprop --portico-shadow-m - The card's shadow.
 * @cssprop --portico-focus-ring - The keyboard focus outline (a `border`-style shorthand, e.g. `3px solid …`).
 * @cssprop --portico-focus-offset - Distance of the focus outline from what has focus.
 */
export class PorticoSignup extends PorticoElement {
  static override styles = [hostStyles, signupStyles];

  /** The merchant's tenant id, e.g. `demo`. */
  @property({ reflect: true }) tenant = '';

  /** The id of the plan variant to order. */
  @property({ attribute: 'plan-variant', reflect: true }) planVariant = '';

  /** Base URL of the Portico server; empty when the page is served by it. */
  @property({ attribute: 'api-base' }) apiBase = '';

  /** Where to go after a successful order; overrides the merchant's configured success URL. */
  @property({ attribute: 'success-url' }) successUrl = '';

  @state() private load: LoadState = { status: 'loading' };
  @state({ hasChanged: entriesChanged }) private quantities: Record<string, number> = {};
  @state() private couponCode = '';
  @state({ hasChanged: entriesChanged }) private customer: CustomerInput = {};
  @state({ hasChanged: entriesChanged }) private acceptedTerms: string[] = [];
  @state() private paymentMethod: PaymentMethodKind | '' = '';
  @state() private preview: OrderPreview | null = null;
  @state() private previewLoading = false;
  @state() private previewError = '';
  @state() private couponError = '';
  @state() private errors: ServerErrors = noErrors();
  /**
   * The error summary the live region announces, once a submit found problems: every invalid field (read from the
   * sections, again after each edit and language switch), then what belongs to no field. Messages are words to
   * render (a function), so they follow the language.
   */
  @state() private summaryShown = false;
  @state({ hasChanged: entriesChanged }) private fieldProblems: string[] = [];
  @state() private alerts: Array<() => string> = [];
  @state() private sending = false;
  /** While the fields are checked before sending: only the button is disabled. */
  @state() private checking = false;

  /**
   * The form renders in stages, each in a task of its own, so that no single task blocks the page (the host page,
   * inline) for long: the header, plan and order summary first, then the customer's details (`detailsShown`), then
   * the sections below them (payment, terms: `later-sections.ts`, loaded and defined then: `laterShown`).
   */
  @state() private detailsShown = false;
  @state() private laterShown = false;
  private laterSections: Promise<void> | undefined;

  @query('portico-signup-components') private componentsEl!: PorticoSignupComponents | null;
  @query('portico-coupon-field') private couponEl!: PorticoCouponField | null;
  @query('portico-customer-fields') private customerEl!: PorticoCustomerFields | null;
  @query('portico-signup-terms') private termsEl!: PorticoSignupTerms | null;
  @query('portico-payment') private paymentEl!: PorticoPayment | null;

  private step: SignupStep = 'plan';
  private idempotencyKey = '';
  private previewKey = '';
  /** The variant whose draft is in memory; a variant switch carries it over. */
  private draftVariant = '';
  /** The variant the page was given (`plan-variant`); a switch to a sibling is kept for a reload under it. */
  private startVariant = '';
  /** The variant this element set itself (a switch or a restored choice), as opposed to one the page set. */
  private ownVariant = '';
  /** The summary's reads of the sections: a newer one (after another edit) overtakes the one under way. */
  private readonly problemReads = new NewestAnswer();
  private readonly previews = new PreviewRequest(
    (preview) => {
      this.preview = preview;
      this.previewLoading = false;
      this.previewError = '';
      this.couponError = preview.couponError ?? '';
    },
    (error) => {
      this.previewLoading = false;
      const fields = error instanceof ApiError ? error.fields : {};
      if (fields.couponCode) this.couponError = fields.couponCode;
      this.previewError =
        Object.values(fields).find((text) => text !== fields.couponCode) ??
        (fields.couponCode ? '' : msg('The price could not be calculated right now.'));
    },
  );

  override connectedCallback(): void {
    super.connectedCallback();
    const language = readUrlParams(window.location.search).language;
    if (language && !this.hasAttribute('lang')) this.lang = language;
  }

  override disconnectedCallback(): void {
    this.previews.cancel();
    super.disconnectedCallback();
  }

  private api(path: string): string {
    return `${this.apiBase.replace(/\/$/, '')}/api/signup/${encodeURIComponent(this.tenant)}${path}`;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if ((changed.has('tenant') || changed.has('planVariant')) && this.planVariant !== this.ownVariant) {
      // The page set the variant: a reload returns to the sibling the customer had switched to in this tab.
      this.startVariant = this.planVariant;
      const chosen = this.tenant && this.planVariant ? loadChosenVariant(this.tenant, this.planVariant) : null;
      if (chosen) this.planVariant = chosen;
      this.ownVariant = this.planVariant;
    }
    if (changed.has('tenant') || changed.has('planVariant') || changed.has('apiBase')) void this.fetchConfig();
    // Catalog texts come in the language shown: ask again when it changes.
    else if (this.load.status === 'ready' && this.effectiveLang !== this.configLanguage) void this.fetchConfig();
    if (this.load.status === 'ready') this.refreshPreview();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (this.load.status === 'ready' && !this.laterShown) {
      this.showLaterSections().catch((error: unknown) =>
        console.warn('Portico: could not load the payment and terms sections.', error),
      );
    }
    // Edits, a language switch and server errors all re-render the page: read the sections' problems again.
    if (this.summaryShown && !this.sending) void this.readProblems();
  }

  /** Renders the customer's details, then loads, defines and renders the later sections (once), in stages. */
  private showLaterSections(): Promise<void> {
    this.laterSections ??= (async () => {
      await yieldToMain();
      // The country names, sorted in the language shown (some 200 Intl look-ups), in a task of their own.
      countryOptions(this.effectiveLang);
      await yieldToMain();
      this.detailsShown = true;
      await this.updateComplete;
      await yieldToMain();
      try {
        await import('./later-sections.ts');
      } catch (error) {
        // A chunk that did not load (connection lost): the next render tries again.
        this.laterSections = undefined;
        throw error;
      }
      await yieldToMain();
      this.laterShown = true;
      await this.updateComplete;
    })();
    return this.laterSections;
  }

  /** Reads every invalid field of the sections (after they rendered) into the summary. */
  private async readProblems(): Promise<void> {
    const problems = await this.problemReads.run(async () => {
      const sections = this.sections();
      await Promise.all(sections.map((section) => section.validate()));
      return sections.flatMap((section) => section.problems());
    });
    if (problems !== overtaken) this.fieldProblems = problems;
  }

  /** Shows the summary: the sections' problems, then `general` (messages that belong to no field). */
  private async showSummary(general: Array<() => string> = []): Promise<void> {
    this.alerts = general;
    this.summaryShown = true;
    await this.readProblems();
  }

  private hideSummary(): void {
    this.problemReads.drop();
    this.summaryShown = false;
    this.fieldProblems = [];
    this.alerts = [];
  }

  /** The language the catalog texts of the loaded config are in. */
  private configLanguage = '';
  /** The requests for the config: a newer variant, language or server overtakes the one under way. */
  private readonly configs = new NewestAnswer();

  private async fetchConfig(): Promise<void> {
    if (!this.tenant || !this.planVariant) {
      this.configs.drop();
      return;
    }
    const variantId = this.planVariant;
    const switching = this.load.status === 'ready';
    if (!switching) this.load = { status: 'loading' };
    const language = (this.configLanguage = this.effectiveLang);
    const url = this.api(
      `/plan-variants/${encodeURIComponent(variantId)}/config?language=${encodeURIComponent(language)}`,
    );
    try {
      const config = await this.configs.run((signal) => getJson<SignupConfig>(url, { signal }));
      if (config === overtaken) return;
      this.useTenantStrings((config.tenant as Partial<TenantWording>).stringOverrides);
      this.startDraft(config, switching);
      this.load = { status: 'ready', config };
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'unknown';
      if (code === 'not_found' && variantId !== this.startVariant && variantId === this.planVariant) {
        // The kept choice is gone (closed since): show the page's own variant.
        clearChosenVariant(this.tenant, this.startVariant);
        this.planVariant = this.ownVariant = this.startVariant;
        return;
      }
      const message =
        code === 'not_found'
          ? msg('This plan is not available for signup.')
          : msg('The plan could not be loaded. Please check your connection and reload the page.');
      this.load = { status: 'error', message };
      this.emit(new PorticoErrorEvent({ code, message }));
    }
  }

  /** Fills the draft: what this tab stored, else the link's parameters, else the defaults. */
  private startDraft(config: SignupConfig, switching: boolean): void {
    const ids = new Set(config.components.map((component) => component.id));
    const keep = (quantities: Record<string, number>) =>
      Object.fromEntries(Object.entries(quantities).filter(([id]) => ids.has(id)));
    if (switching) {
      this.quantities = keep(this.quantities);
    } else {
      const stored = loadDraft(this.tenant, config.variant.id);
      const params = readUrlParams(window.location.search);
      this.quantities = keep(stored?.components ?? params.components);
      this.couponCode = stored?.couponCode ?? (config.couponField ? (params.coupon ?? '') : '');
      this.customer = stored?.customer ?? (params.email ? { email: params.email } : {});
      this.acceptedTerms = stored?.acceptedTerms ?? [];
      this.paymentMethod = stored?.paymentMethod ?? '';
      this.idempotencyKey = stored?.idempotencyKey ?? '';
    }
    if (!config.paymentMethods.includes(this.paymentMethod as PaymentMethodKind)) {
      this.paymentMethod = config.paymentMethods.length === 1 ? config.paymentMethods[0]! : '';
    }
    this.draftVariant = config.variant.id;
    this.previewKey = '';
    this.persist();
  }

  private persist(): void {
    if (!this.draftVariant) return;
    const draft: StoredDraft = {
      components: this.quantities,
      couponCode: this.couponCode,
      customer: this.customer,
      acceptedTerms: this.acceptedTerms,
      paymentMethod: this.paymentMethod,
      idempotencyKey: this.idempotencyKey,
    };
    saveDraft(this.tenant, this.draftVariant, draft);
  }

  private draft(config: SignupConfig, customer: CustomerInput): OrderDraft {
    const components = Object.fromEntries(
      config.components.map((component) => [component.id, this.quantities[component.id] ?? component.defaultQuantity]),
    );
    return {
      planVariantId: config.variant.id,
      components,
      ...(this.couponCode ? { couponCode: this.couponCode } : {}),
      customer,
      language: this.effectiveLang,
    };
  }

  /** Asks for a new preview when something that changes the price changed. */
  private refreshPreview(): void {
    if (this.load.status !== 'ready') return;
    const { country, vatId } = this.customer;
    const taxCustomer: CustomerInput = { ...(country ? { country } : {}), ...(vatId ? { vatId } : {}) };
    const draft = this.draft(this.load.config, taxCustomer);
    const key = JSON.stringify(draft);
    if (key === this.previewKey) return;
    this.previewKey = key;
    this.previewLoading = true;
    this.previews.request(this.api('/preview'), draft);
  }

  /** Reads what the sections hold after the customer typed or chose something. */
  private onFormInput(event: Event): void {
    const target = event.target as HTMLElement;
    const step = target.dataset?.step as SignupStep | undefined;
    if (step) this.moveTo(step);
    if (target === this.componentsEl) this.quantities = this.componentsEl.value;
    if (target === this.customerEl) this.customer = this.customerEl.value;
    if (target === this.termsEl) this.acceptedTerms = this.termsEl.value;
    if (target === this.paymentEl) this.paymentMethod = this.paymentEl.method;
    if (target === this.couponEl && event.type === 'change') {
      this.couponCode = this.couponEl.value;
      this.couponError = '';
    }
    if (event.type === 'input' && this.customerEl) this.customer = this.customerEl.value;
    this.persist();
    // An edit inside a section may not re-render the page: read the summary's problems again anyway.
    if (this.summaryShown && !this.sending) void this.readProblems();
  }

  private onVariantChange(event: Event): void {
    const id = (event.target as HTMLElement & { value: string }).value;
    if (!id || id === this.planVariant) return;
    // Carry the draft over to the other variant.
    this.draftVariant = id;
    this.persist();
    saveChosenVariant(this.tenant, this.startVariant, id);
    this.planVariant = this.ownVariant = id;
  }

  private onFocusIn(event: FocusEvent): void {
    const section = event
      .composedPath()
      .find((node): node is HTMLElement => node instanceof HTMLElement && node.dataset.step !== undefined);
    const step = section?.dataset.step as SignupStep | undefined;
    if (step) this.moveTo(step);
  }

  private moveTo(step: SignupStep): void {
    if (step === this.step) return;
    const previousStep = this.step;
    this.step = step;
    this.emit(new PorticoStepChangeEvent({ step, previousStep }));
  }

  /** The form sections in page order. */
  private sections(): FormControl[] {
    return [...this.renderRoot.querySelectorAll<FormControl>('[data-section]')];
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.sending || this.checking || this.load.status !== 'ready') return;
    const config = this.load.config;
    this.checking = true;
    if (!this.laterShown) {
      try {
        await this.showLaterSections();
      } catch (error) {
        this.checking = false;
        await this.showOrderError(error);
        return;
      }
    }
    // A card typed into the provider's frame but not yet confirmed there is tokenized now.
    await this.paymentEl?.requestCardToken();
    const sections = this.sections();
    for (const section of sections) section.showErrors();
    const valid = await Promise.all(sections.map((section) => section.validate()));
    const invalid = sections.filter((_, index) => !valid[index]);
    const payment = this.paymentEl?.value;
    this.checking = false;
    if (invalid.length > 0 || !payment) {
      await this.showSummary();
      invalid[0]?.focusFirstInvalid();
      return;
    }
    const request: OrderRequest = {
      ...this.draft(config, this.customer),
      acceptedTerms: this.acceptedTerms,
      payment,
    };
    this.hideSummary();
    this.errors = noErrors();
    this.sending = true;
    if (!this.idempotencyKey) this.idempotencyKey = crypto.randomUUID();
    this.persist();
    let result: OrderResult;
    try {
      result = await this.placeOrder(request);
    } catch (error) {
      // Enable the fields again first: a disabled field can neither be validated nor focused.
      this.sending = false;
      await this.updateComplete;
      await this.showOrderError(error);
      return;
    }
    this.sending = false;
    this.complete(config, result);
  }

  /** Sends the order; a lost connection is retried once with the same key, so it never makes two orders. */
  private async placeOrder(request: OrderRequest): Promise<OrderResult> {
    const init: RequestInit = {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': this.idempotencyKey },
      body: JSON.stringify(request),
    };
    try {
      return await getJson<OrderResult>(this.api('/orders'), init);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 0) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return getJson<OrderResult>(this.api('/orders'), init);
    }
  }

  private complete(config: SignupConfig, result: OrderResult): void {
    clearDraft(this.tenant, config.variant.id);
    clearChosenVariant(this.tenant, this.startVariant);
    this.idempotencyKey = '';
    this.draftVariant = '';
    this.load = { status: 'done', config, result, email: this.customer.email ?? '', preview: this.preview };
    this.moveTo('done');
    const successUrl = httpUrl(this.successUrl || config.successUrl);
    const completed = this.emit(
      new PorticoOrderCompletedEvent({
        orderId: result.orderId,
        customerId: result.customerId,
        contractId: result.contractId,
        successUrl,
      }),
    );
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.success h1')?.focus());
    if (successUrl && !completed.defaultPrevented) window.location.assign(successUrl);
  }

  private async showOrderError(error: unknown): Promise<void> {
    const apiError = error instanceof ApiError ? error : new ApiError(0, 'unknown', String(error));
    if (apiError.status !== 0 && apiError.status < 500) this.idempotencyKey = ''; // answered: nothing was created
    this.persist();
    if (apiError.status === 400 && Object.keys(apiError.fields).length > 0) {
      const general = this.placeFieldErrors(apiError.fields);
      await this.updateComplete;
      await this.showSummary(general.map((text) => () => text));
      this.sections()
        .find((section) => !section.validity.valid)
        ?.focusFirstInvalid();
      return;
    }
    if (apiError.status === 402) {
      const message = msg('Your card was declined. Please use another card or choose another payment method.');
      this.errors = { ...noErrors(), payment: { card: message } };
      this.paymentEl?.resetCard();
      await this.updateComplete;
      await this.showSummary();
      this.paymentEl?.focusFirstInvalid();
      return;
    }
    const message = () =>
      apiError.status === 0
        ? msg(
            'The connection was lost. Your order may not have arrived: please press the button again; it will not be placed twice.',
          )
        : apiError.code === 'idempotency_conflict'
          ? msg(
              'This order was already sent with other details. Please reload the page and check your e-mail before ordering again.',
            )
          : msg(str`The order could not be placed: ${apiError.message}`);
    this.alerts = [message];
    this.summaryShown = true;
    this.emit(new PorticoErrorEvent({ code: apiError.code, message: message() }));
  }

  /** Puts the server's field errors on their fields; returns the ones that belong to no field. */
  private placeFieldErrors(fields: Record<string, string>): string[] {
    const errors = noErrors();
    const general: string[] = [];
    for (const [name, text] of Object.entries(fields)) {
      const [head, rest] = [name.split('.')[0], name.split('.').slice(1).join('.')];
      if (head === 'customer' && rest) errors.customer[rest as CustomerField] = text;
      else if (head === 'components' && rest) errors.components[rest] = text;
      else if ((head === 'terms' || head === 'acceptedTerms') && rest) errors.terms[rest] = text;
      else if (head === 'payment' && ['holder', 'iban', 'bic'].includes(rest)) errors.payment[rest as 'iban'] = text;
      else if (head === 'payment' && rest === 'cardToken') errors.payment.card = text;
      else if (head === 'payment') errors.payment.method = text;
      else if (name === 'couponCode') errors.coupon = text;
      else general.push(text);
    }
    this.errors = errors;
    if (errors.coupon) this.couponError = errors.coupon;
    return general;
  }

  override render() {
    const busy = this.load.status === 'loading';
    return html`<section part="base" lang=${this.contentLang} aria-busy=${busy ? 'true' : 'false'}>
      ${this.renderContent()}
    </section>`;
  }

  private renderContent() {
    const load = this.load;
    if (load.status === 'loading') return html`<p role="status">${msg('Loading the plan…')}</p>`;
    if (load.status === 'error') return html`<p role="alert">${load.message}</p>`;
    if (load.status === 'done') return this.renderSuccess(load);
    return this.renderForm(load.config);
  }

  private renderHeader(config: SignupConfig) {
    const { variant } = config;
    return html`<header part="header">
      <h1 part="title" dir="auto">${variant.planName}</h1>
      <p class="muted" dir="auto">${variant.variantName}</p>
      ${variant.description ? html`<p dir="auto">${variant.description}</p>` : nothing}
      <p class="price">
        <strong>${formatMoney(variant.priceCents, variant.currency, this.effectiveLang)}</strong>
        ${periodText(variant.billingPeriodMonths)}
      </p>
      ${variant.trialDays > 0 ? html`<p>${trialText(variant.trialDays)}</p>` : nothing}
    </header>`;
  }

  private renderForm(config: SignupConfig) {
    const lang = this.effectiveLang;
    const currency = config.variant.currency;
    return html`${this.renderHeader(config)}
      <form
        novalidate
        @submit=${this.onSubmit}
        @input=${this.onFormInput}
        @change=${this.onFormInput}
        @focusin=${this.onFocusIn}
      >
        <div class="layout">
          <div class="sections">
            ${
              config.siblings.length > 1
                ? html`<portico-variant-switch
                    exportparts="section-heading, option"
                    data-step="plan"
                    lang=${lang}
                    .variants=${config.siblings}
                    .value=${config.variant.id}
                    ?disabled=${this.sending}
                    @change=${this.onVariantChange}
                  ></portico-variant-switch>`
                : nothing
            }
            ${
              config.components.length > 0
                ? html`<portico-signup-components
                    exportparts="section-heading, component, input, decrement, increment"
                    data-section
                    data-step="plan"
                    lang=${lang}
                    currency=${currency}
                    billing-period-months=${config.variant.billingPeriodMonths}
                    .components=${config.components}
                    .quantities=${this.quantities}
                    .errors=${this.errors.components}
                    ?disabled=${this.sending}
                  ></portico-signup-components>`
                : nothing
            }
            ${
              config.usageFees.length > 0
                ? html`<portico-usage-fees
                    exportparts="section-heading, fee"
                    data-step="plan"
                    lang=${lang}
                    currency=${currency}
                    .fees=${config.usageFees}
                  ></portico-usage-fees>`
                : nothing
            }
            ${
              config.couponField
                ? html`<portico-coupon-field
                    exportparts="input, apply"
                    data-section
                    data-step="plan"
                    name="couponCode"
                    lang=${lang}
                    .value=${this.couponCode}
                    .error=${this.couponError}
                    .applied=${this.preview?.discount?.description ?? ''}
                    ?disabled=${this.sending}
                  ></portico-coupon-field>`
                : nothing
            }
            ${this.detailsShown ? this.renderDetails(config) : nothing}
            ${this.laterShown ? this.renderLaterSections(config) : html`<p role="status">${msg('Loading…')}</p>`}
          </div>
          <portico-order-summary
            exportparts="section-heading, total"
            lang=${lang}
            .preview=${this.preview}
            ?loading=${this.previewLoading}
            error=${this.previewError}
          ></portico-order-summary>
        </div>
        <div class="alerts" role="alert">${this.renderSummary()}</div>
        <button part="submit" type="submit" ?disabled=${this.sending || this.checking}>
          ${this.sending || this.checking ? msg('Sending…') : msg('Place order')}
        </button>
        <p class="visually-hidden" role="status">${this.sending ? msg('Sending your order…') : ''}</p>
      </form>`;
  }

  /** The customer's details. */
  private renderDetails(config: SignupConfig) {
    const lang = this.effectiveLang;
    return html`<portico-customer-fields
      exportparts="section-heading, field, label, input, error"
      data-section
      data-step="details"
      lang=${lang}
      .fields=${config.fields}
      .value=${this.customer}
      .errors=${this.errors.customer}
      ?disabled=${this.sending}
    ></portico-customer-fields>`;
  }

  /** The payment and terms sections (defined by `later-sections.ts`). */
  private renderLaterSections(config: SignupConfig) {
    const lang = this.effectiveLang;
    return html`<portico-payment
        exportparts="section-heading, label, input, error, card-frame"
        data-section
        data-step="payment"
        lang=${lang}
        tenant=${this.tenant}
        api-base=${this.apiBase}
        .methods=${config.paymentMethods}
        .sepa=${config.sepa}
        .method=${this.paymentMethod}
        .errors=${this.errors.payment}
        ?disabled=${this.sending}
      ></portico-payment>
      ${
        config.terms.length > 0
          ? html`<portico-signup-terms
              exportparts="section-heading, term"
              data-section
              data-step="payment"
              lang=${lang}
              .terms=${config.terms}
              .value=${this.acceptedTerms}
              .errors=${this.errors.terms}
              ?disabled=${this.sending}
            ></portico-signup-terms>`
          : nothing
      }`;
  }

  private renderSummary() {
    const lines = this.summaryShown ? [...this.fieldProblems, ...this.alerts.map((alert) => alert())] : [];
    if (lines.length === 0) return nothing;
    return html`<p><strong>${msg('Please check your order:')}</strong></p>
      <ul>
        ${lines.map((line) => html`<li>${line}</li>`)}
      </ul>`;
  }

  /** Thanks, the contract number, what was ordered and when it is first charged, and where the portal link went. */
  private renderSuccess({ config, result, email, preview }: Extract<LoadState, { status: 'done' }>) {
    const lang = this.effectiveLang;
    const { variant } = config;
    const money = (cents: number) => formatMoney(cents, variant.currency, lang);
    return html`<div class="success">
      <h1 part="title" tabindex="-1">${msg('Thank you for your order!')}</h1>
      <p>${msg(str`Your contract number is ${result.contractNumber}.`)}</p>
      <dl class="order-summary">
        <div>
          <dt>${msg('Plan')}</dt>
          <dd dir="auto">${variant.planName} – ${variant.variantName}</dd>
        </div>
        ${
          preview && !preview.trialEnd
            ? html`<div>
                <dt>${msg('Due today')}</dt>
                <dd>${money(preview.dueTodayCents)}</dd>
              </div>`
            : nothing
        }
        ${
          preview
            ? html`<div>
                <dt>${msg('Then')}</dt>
                <dd>${money(preview.recurringCents)} ${periodText(preview.billingPeriodMonths)}</dd>
              </div>`
            : nothing
        }
      </dl>
      ${
        preview?.trialEnd
          ? html`<p class="trial">${msg(str`Free trial until ${formatDate(preview.trialEnd, lang)}.`)}</p>`
          : nothing
      }
      ${
        email
          ? html`<p>${msg(str`We have sent a confirmation with the link to your customer portal to ${email}.`)}</p>`
          : nothing
      }
    </div>`;
  }
}
