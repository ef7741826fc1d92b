import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { msg } from '@lit/localize';
import type { SignupTerm } from '@portico/core';
import { hostStyles } from '../../base/shared.styles.ts';
import { FormBlock } from '../../controls/form-block.ts';
import { sectionStyles } from '../../shared/section.styles.ts';
import { labelSanitizer, type LabelSanitizer } from './sanitize.ts';
import { termsStyles } from './terms.styles.ts';

/**
 * The merchant's terms: a checkbox per required term, informational terms as text. Labels are merchant
 * HTML, sanitised to inline formatting and http, https or mailto links that open in a new tab, by the browser's
 * HTML Sanitizer API or, where it has none, by DOMPurify (loaded then; the labels show once it is there). The form value holds `acceptedTerms` entries; unticked required terms make it invalid.
 *
 * @csspart term - One term.
 *
 * @internal A building block of `<portico-signup>`, which sets its properties; pages style it through the
 *   signup's parts.
 */
export class PorticoSignupTerms extends FormBlock {
  static override styles = [hostStyles, sectionStyles, termsStyles];

  @property({ attribute: false }) terms: SignupTerm[] = [];
  /** Keys of the ticked terms. */
  @property({ attribute: false }) value: string[] = [];
  // `errors` (FormBlock): the server's errors per term key.

  /** The labels' sanitiser; undefined while DOMPurify loads (browsers without the HTML Sanitizer API). */
  private sanitize: LabelSanitizer | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.sanitize) return;
    const sanitizer = labelSanitizer();
    if (typeof sanitizer === 'function') this.sanitize = sanitizer;
    else
      sanitizer.then(
        (loaded) => {
          this.sanitize = loaded;
          this.requestUpdate();
        },
        (error: unknown) => console.warn('Portico: could not load the sanitiser of the terms labels.', error),
      );
  }

  private checkboxes(): HTMLInputElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
  }

  private missing(): SignupTerm[] {
    return this.terms.filter((term) => term.kind === 'required' && !this.value.includes(term.key));
  }

  private messageFor(term: SignupTerm): string {
    return (
      this.serverError(term.key) ??
      (this.touched && this.missing().includes(term) ? msg('Please tick this box to continue.') : '')
    );
  }

  protected override syncForm(): void {
    const data = new FormData();
    for (const key of this.value) data.append('acceptedTerms', key);
    this.internals.setFormValue(data);
    const invalid = this.terms.find((term) => this.serverError(term.key)) ?? this.missing()[0];
    const anchor = invalid && this.renderRoot.querySelector<HTMLInputElement>(`#term-${CSS.escape(invalid.key)}`);
    if (invalid && anchor) {
      const message = this.serverError(invalid.key) ?? msg('Please accept the required terms.');
      this.internals.setValidity({ customError: true }, message, anchor);
    } else {
      this.internals.setValidity({});
    }
  }

  /** The server's refusals of terms, then one line for the required terms still unticked. */
  override problems(): string[] {
    const refused = this.terms.flatMap((term) => this.serverError(term.key) ?? []);
    return this.missing().length > 0 ? [...refused, msg('Please accept the required terms.')] : refused;
  }

  override focusFirstInvalid(): void {
    const invalid = this.terms.find((term) => this.serverError(term.key)) ?? this.missing()[0];
    const box = invalid ? this.renderRoot.querySelector<HTMLInputElement>(`#term-${CSS.escape(invalid.key)}`) : null;
    (box ?? this.checkboxes()[0])?.focus();
  }

  private toggle(key: string, checked: boolean): void {
    this.value = checked ? [...new Set([...this.value, key])] : this.value.filter((k) => k !== key);
    this.edited(key);
    this.emitChange();
  }

  override render() {
    return html`<fieldset>
      <legend part="section-heading">${msg('Terms')}</legend>
      ${this.terms.map((term) => {
        const label = this.sanitize ? unsafeHTML(this.sanitize(term.labelHtml)) : nothing;
        if (term.kind === 'informational') return html`<p part="term" class="info" dir="auto">${label}</p>`;
        const error = this.messageFor(term);
        return html`<div part="term" class="term">
          <input
            type="checkbox"
            id=${`term-${term.key}`}
            .checked=${this.value.includes(term.key)}
            required
            ?disabled=${this.disabled}
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${ifDefined(error ? `error-${term.key}` : undefined)}
            @change=${(event: Event) => this.toggle(term.key, (event.target as HTMLInputElement).checked)}
          />
          <label for=${`term-${term.key}`} dir="auto">${label}</label>
          ${error ? html`<p id=${`error-${term.key}`} class="error">${error}</p>` : nothing}
        </div>`;
      })}
    </fieldset>`;
  }

  formResetCallback(): void {
    this.value = [];
    this.errors = {};
    this.touched = false;
  }

  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (state instanceof FormData) this.value = state.getAll('acceptedTerms').filter((v) => typeof v === 'string');
  }
}
