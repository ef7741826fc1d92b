import { property } from 'lit/decorators.js';
import { PorticoElement } from '../base/portico-element.ts';

/** The flags of a native ValidityState, for copying an inner input's validity to the host. */
export function validityFlags(validity: ValidityState): ValidityStateFlags {
  return {
    valueMissing: validity.valueMissing,
    typeMismatch: validity.typeMismatch,
    patternMismatch: validity.patternMismatch,
    tooLong: validity.tooLong,
    tooShort: validity.tooShort,
    rangeUnderflow: validity.rangeUnderflow,
    rangeOverflow: validity.rangeOverflow,
    stepMismatch: validity.stepMismatch,
    badInput: validity.badInput,
  };
}

/**
 * The base of Portico's form-associated elements: `ElementInternals` form value and validity, reset and
 * restore callbacks, a server `error` that overrides the element's own validation, and error text that
 * appears once the customer has left the field (or a submit asked for all errors).
 *
 * @fires change - The customer changed the value (the inner input's own `change` does not leave the shadow root).
 */
export abstract class FormControl extends PorticoElement {
  static formAssociated = true;
  static override shadowRootOptions: ShadowRootInit = { ...PorticoElement.shadowRootOptions, delegatesFocus: true };

  protected readonly internals: ElementInternals = this.attachInternals();

  /** The name the value is submitted under in a form. */
  @property({ reflect: true }) name = '';

  /** Disables the control; a disabled `<fieldset>` or form around it does the same. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** An error from the server for this field; shown as is and makes the field invalid until it changes. */
  @property() error = '';

  /** Whether error text is shown: set when the customer leaves the field or a submit asks for all errors. */
  @property({ type: Boolean, attribute: false }) touched = false;

  /** The form the control belongs to, or null. */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  /** The control's validity, as a native input's (`valueMissing`, `customError`, …). */
  get validity(): ValidityState {
    return this.internals.validity;
  }

  /** Why the control is invalid, in the language shown; empty when it is valid. */
  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  /** Whether the control is valid (an invalid one fires `invalid`, as native inputs do). */
  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  /** Like `checkValidity()`, and shows the error text under the control. */
  reportValidity(): boolean {
    this.touched = true;
    return this.internals.reportValidity();
  }

  /** Brings validity and form value up to date after the inner controls rendered; resolves to `valid`. */
  async validate(): Promise<boolean> {
    await this.updateComplete;
    await this.syncForm();
    return this.internals.validity.valid;
  }

  /**
   * Every problem of the control, one message each, in the language shown: a block lists each invalid field (the
   * signup's error summary shows them). Call after `validate()`.
   */
  problems(): string[] {
    return this.internals.validity.valid ? [] : [this.internals.validationMessage];
  }

  /** Shows every error of this control (and its inner controls). */
  showErrors(): void {
    this.touched = true;
  }

  /** Moves focus to the first invalid inner control (the control itself by default). */
  focusFirstInvalid(): void {
    this.focus();
  }

  /** The message shown under the control, once touched. */
  protected get shownError(): string {
    if (this.error) return this.error;
    return this.touched ? this.internals.validationMessage : '';
  }

  /** Sets form value and validity from the current state. */
  protected abstract syncForm(): void | Promise<void>;

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    const before = this.internals.validationMessage;
    // Validity is known only after render (it may come from the inner input); render again when it changed.
    void Promise.resolve(this.syncForm()).then(() => {
      if (this.internals.validationMessage !== before) this.requestUpdate();
    });
  }

  /** Also waits for the render that a validity change asked for. */
  protected override async getUpdateComplete(): Promise<boolean> {
    while (!(await super.getUpdateComplete())) {
      // another update was requested while updating: wait for it too
    }
    return true;
  }

  formDisabledCallback(disabled: boolean): void {
    this.disabled = disabled;
  }

  abstract formResetCallback(): void;

  abstract formStateRestoreCallback(state: string | File | FormData | null, mode: 'restore' | 'autocomplete'): void;

  /** Tells listeners in the light DOM that the value changed (native `change` does not leave a shadow root). */
  protected emitChange(): void {
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }
}
