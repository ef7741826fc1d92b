import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { property, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { ApiError, getJson } from '../../base/api.ts';
import { PorticoElement } from '../../base/portico-element.ts';
import { hostStyles } from '../../base/shared.styles.ts';
import { sectionStyles } from '../section.styles.ts';

/**
 * Asks for a fresh portal link by contract number and e-mail. The answer is the same whether or not they
 * match, so the form reveals nothing about who is a customer.
 *
 * @internal The request-a-link form of `<portico-portal>`; pages style it through the portal's parts.
 */
export class PorticoPortalRequestLink extends PorticoElement {
  static override styles = [hostStyles, sectionStyles];

  /** The merchant's tenant id. */
  @property() tenant = '';

  /** Base URL of the Portico server; empty when the page is served by it. */
  @property({ attribute: 'api-base' }) apiBase = '';

  @state() private errors: Record<string, string> = {};
  @state() private sent = false;
  @state() private busy = false;
  @state() private failure = '';

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const contractNumber = String(data.get('contractNumber') ?? '').trim();
    const email = String(data.get('email') ?? '').trim();
    const errors: Record<string, string> = {};
    if (!contractNumber) errors.contractNumber = msg('Enter your contract number.');
    if (!email) errors.email = msg('Enter your e-mail address.');
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      errors.email = msg('Please enter an e-mail address like name@example.com.');
    }
    this.errors = errors;
    this.failure = '';
    if (Object.keys(errors).length > 0) {
      await this.updateComplete;
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    try {
      await getJson(`${this.apiBase}/api/portal/${encodeURIComponent(this.tenant)}/request-link`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contractNumber, email }),
      });
      await this.confirm();
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) {
        this.failure = msg('Too many requests. Please wait a few minutes and try again.');
      } else if (error instanceof ApiError && Object.keys(error.fields).length > 0) {
        this.errors = error.fields;
      } else if (error instanceof ApiError && error.status === 0) {
        this.failure = msg('The connection failed. Please check your connection and try again.');
      } else {
        // Any other answer gets the same confirmation: the form never tells whether the data matched.
        await this.confirm();
      }
    } finally {
      this.busy = false;
    }
  }

  /** Shows the confirmation and moves focus to it (the form it replaces held the focus). */
  private async confirm(): Promise<void> {
    this.sent = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.confirmation')?.focus();
  }

  override render() {
    if (this.sent) {
      return html`<p role="status" class="confirmation" tabindex="-1">
        ${msg('If the contract number and e-mail address match our records, we have sent you a new link. Please check your inbox.')}
      </p>`;
    }
    return html`<form novalidate aria-label=${msg('Request a new link')} @submit=${this.submit}>
      ${this.field('contractNumber', msg('Contract number'), 'text', 'off')}
      ${this.field('email', msg('E-mail address'), 'email', 'email')}
      ${this.failure ? html`<p role="alert">${this.failure}</p>` : nothing}
      <div class="actions">
        <button type="submit" part="primary-button" class="primary" ?disabled=${this.busy}>
          ${msg('Send me a new link')}
        </button>
      </div>
    </form>`;
  }

  private field(name: string, label: string, type: string, autocomplete: string) {
    const error = this.errors[name];
    return html`<div class="field">
      <label>
        <span>${label}</span>
        <input
          name=${name}
          type=${type}
          autocomplete=${autocomplete}
          required
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${ifDefined(error ? `${name}-error` : undefined)}
        />
      </label>
      ${error ? html`<p id="${name}-error" class="error">${error}</p>` : nothing}
    </div>`;
  }
}
