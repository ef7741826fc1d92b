import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { CancellationInfo } from '@portico/core';
import { ApiError } from '../../base/api.ts';
import { hostStyles } from '../../base/shared.styles.ts';
import { formatDate } from '../format.ts';
import { PortalSection, type Load } from '../section.ts';
import { sectionStyles } from '../section.styles.ts';
import { cancellationStyles } from './cancellation.styles.ts';

type Step = 'start' | 'confirm';
type When = 'earliest' | 'later';

/**
 * Cancellation in due time: shows the earliest possible end date the server computed from billing period,
 * notice period and minimum term, lets the customer choose it or a later date (checked here for comfort and by the
 * server, whose refusal is shown at the date field), asks for an optional reason, and cancels only after a second,
 * explicit confirmation (WCAG 3.3.4). A cancellation in place shows "ending on …" and, when the tenant allows it, can be
 * withdrawn before it takes effect.
 *
 * @internal A section of `<portico-portal>`, which hands it the client and session; pages style it through the
 *   portal's parts.
 */
export class PorticoPortalCancellation extends PortalSection {
  static override styles = [hostStyles, sectionStyles, cancellationStyles];

  /** The contract; empty means the session's first contract. */
  @property({ attribute: 'contract-id', reflect: true }) contractId = '';

  @state() private load: Load<CancellationInfo> = { status: 'loading' };
  @state() private step: Step = 'start';
  @state() private reason = '';
  @state() private when: When = 'earliest';
  @state() private laterDate = '';
  @state() private dateError = '';
  @state() private busy = false;
  @state() private message = '';
  @state() private alert = '';

  private get contract(): string {
    return this.contractId || this.session?.contractIds[0] || '';
  }

  /** The contract whose data was asked for last. */
  private askedFor = '';

  private path(): string {
    return `/contracts/${encodeURIComponent(this.contract)}/cancellation`;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    // A new session object (after an extension or a language switch) asks for nothing new unless the contract
    // it resolves to changed.
    if (changed.has('client') || this.contract !== this.askedFor) void this.fetch();
  }

  /** Loads the terms; `quiet` (after a refusal) keeps the shown terms until the new ones are there. */
  private async fetch(quiet = false): Promise<void> {
    if (!this.contract) return;
    this.askedFor = this.contract;
    await this.loadInto<CancellationInfo>(this.path(), (load) => (this.load = load), quiet);
  }

  private get info(): CancellationInfo | null {
    return this.load.status === 'ready' ? this.load.data : null;
  }

  /** Shows the state a cancellation or withdrawal answered with. */
  private set info(data: CancellationInfo) {
    this.load = { status: 'ready', data };
    this.dataSaved();
  }

  private async focusOn(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /** The end date the customer chose: the earliest one, or the later date entered. */
  private get chosenEnd(): string {
    return this.when === 'later' ? this.laterDate : (this.info?.earliestEndDate ?? '');
  }

  private tooEarly(): string {
    const earliest = formatDate(this.info?.earliestEndDate, this.effectiveLang);
    return msg(str`Choose ${earliest} or a later date.`);
  }

  private async next(): Promise<void> {
    this.message = '';
    this.alert = '';
    if (this.when === 'later') {
      const earliest = this.info?.earliestEndDate ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(this.laterDate)) this.dateError = msg('Enter the date your contract should end.');
      else if (this.laterDate < earliest) this.dateError = this.tooEarly();
      else this.dateError = '';
      if (this.dateError) {
        await this.focusOn('input[name="end-date"]');
        return;
      }
    }
    this.step = 'confirm';
    await this.focusOn('.confirm-step h3');
  }

  private async back(): Promise<void> {
    this.step = 'start';
    await this.focusOn('button.next');
  }

  private async cancel(): Promise<void> {
    if (!this.client || !this.info) return;
    this.busy = true;
    this.alert = '';
    const reason = this.reason.trim();
    const body: { reason?: string; endDate?: string } = reason ? { reason } : {};
    if (this.when === 'later') body.endDate = this.laterDate;
    try {
      const info = await this.client.send<CancellationInfo>('POST', this.path(), body);
      this.info = info;
      this.step = 'start';
      this.message = msg(
        str`Your contract is cancelled and ends on ${formatDate(info.endDate, this.effectiveLang)}. We have sent you a confirmation by e-mail.`,
      );
      await this.focusOn('h2');
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.fields.endDate) {
        // The terms moved since they were shown (e.g. the page stayed open over midnight): show the new earliest
        // date and the refusal at the date field.
        await this.fetch(true);
        this.step = 'start';
        this.when = 'later';
        this.dateError = this.tooEarly();
        this.alert = msg('Your contract cannot end on the date you chose.');
        await this.focusOn('input[name="end-date"]');
        return;
      }
      this.alert = this.refusal(error);
      if (error instanceof ApiError && error.status === 409) await this.fetch(true);
    } finally {
      this.busy = false;
    }
  }

  private async withdraw(): Promise<void> {
    if (!this.client) return;
    this.busy = true;
    this.message = '';
    this.alert = '';
    try {
      this.info = await this.client.send<CancellationInfo>('DELETE', this.path());
      this.reason = '';
      this.when = 'earliest';
      this.laterDate = '';
      this.message = msg('Your cancellation is withdrawn. Your contract continues.');
      await this.focusOn('h2');
    } catch (error) {
      this.alert = this.refusal(error);
      if (error instanceof ApiError && error.status === 409) await this.fetch(true);
    } finally {
      this.busy = false;
    }
  }

  private refusal(error: unknown): string {
    if (error instanceof ApiError) {
      if (error.code === 'contract_ended') return msg('This contract has already ended.');
      if (error.code === 'already_cancelled') return msg('This contract is already cancelled.');
      if (error.code === 'not_cancelled')
        return msg('This contract is not cancelled, so there is nothing to withdraw.');
      if (error.status === 400) return error.fields.endDate ?? error.message;
    }
    return this.errorMessage(error) ?? '';
  }

  override render() {
    // Once the contract is cancelled (or ended) there is nothing to cancel: the heading names the section instead.
    const settled = this.load.status === 'ready' && (this.load.data.status === 'ended' || !!this.load.data.endDate);
    return html`<h2 part="section-heading" tabindex="-1">${settled ? msg('Cancellation') : msg('Cancel contract')}</h2>
      ${this.renderBody()}
      <p role="status" class="message">${this.message}</p>
      <p role="alert" class="alert">${this.alert}</p>`;
  }

  private renderBody() {
    const load = this.load;
    if (load.status === 'loading') return html`<p role="status">${msg('Loading the cancellation terms…')}</p>`;
    if (load.status === 'error') return html`<p role="alert">${load.message}</p>`;
    const info = load.data;
    const lang = this.effectiveLang;
    if (info.status === 'ended') {
      return html`<p class="state">${msg(str`This contract ended on ${formatDate(info.endDate, lang)}.`)}</p>`;
    }
    if (info.endDate) {
      return html`<p class="state">${msg(str`Your contract is ending on ${formatDate(info.endDate, lang)}.`)}</p>
        ${info.reason ? html`<p class="muted">${msg(str`Your reason: ${info.reason}`)}</p>` : nothing}
        ${
          info.withdrawalAllowed
            ? html`<p>${msg('Changed your mind? You can withdraw the cancellation until it takes effect.')}</p>
                <div class="actions">
                  <button type="button" class="withdraw" ?disabled=${this.busy} @click=${this.withdraw}>
                    ${this.busy ? msg('Withdrawing…') : msg('Withdraw cancellation')}
                  </button>
                </div>`
            : nothing
        }`;
    }
    const earliest = formatDate(info.earliestEndDate, lang);
    if (this.step === 'confirm') {
      const end = formatDate(this.chosenEnd, lang);
      return html`<div class="confirm-step">
        <h3 tabindex="-1">${msg('Please confirm the cancellation')}</h3>
        <p class="end">${msg(str`Your contract will end on ${end}.`)}</p>
        ${this.reason.trim() ? html`<p class="muted">${msg(str`Your reason: ${this.reason.trim()}`)}</p>` : nothing}
        <div class="actions">
          <button type="button" class="danger confirm" ?disabled=${this.busy} @click=${this.cancel}>
            ${this.busy ? msg('Cancelling…') : msg(str`Cancel contract as of ${end}`)}
          </button>
          <button type="button" class="back" ?disabled=${this.busy} @click=${this.back}>${msg('Go back')}</button>
        </div>
      </div>`;
    }
    return html`<p class="end">${msg(str`If you cancel now, your contract ends on ${earliest} at the earliest.`)}</p>
      <p class="muted">${msg('This date follows from your billing period, notice period and minimum term.')}</p>
      ${this.renderWhen(earliest)}
      <label class="reason">
        ${msg('Reason for cancelling (optional)')}
        <textarea
          name="reason"
          rows="3"
          maxlength="1000"
          .value=${this.reason}
          @input=${(event: Event) => (this.reason = (event.target as HTMLTextAreaElement).value)}
        ></textarea>
      </label>
      <div class="actions">
        <button type="button" class="next" @click=${this.next}>${msg('Continue to cancellation')}</button>
      </div>`;
  }

  private renderWhen(earliest: string) {
    const choose = (when: When) => async () => {
      this.when = when;
      this.dateError = '';
      this.alert = '';
      if (when === 'later') {
        this.laterDate ||= this.info?.earliestEndDate ?? '';
        await this.focusOn('input[name="end-date"]');
      }
    };
    return html`<fieldset class="when">
      <legend>${msg('When should your contract end?')}</legend>
      <label class="option">
        <input
          type="radio"
          name="when"
          value="earliest"
          .checked=${this.when === 'earliest'}
          @change=${choose('earliest')}
        />
        ${msg(str`At the earliest possible date (${earliest})`)}
      </label>
      <label class="option">
        <input type="radio" name="when" value="later" .checked=${this.when === 'later'} @change=${choose('later')} />
        ${msg('On a later date')}
      </label>
      ${
        this.when === 'later'
          ? html`<label class="end-date">
                ${msg('End date')}
                <input
                  type="date"
                  name="end-date"
                  min=${this.info?.earliestEndDate ?? ''}
                  required
                  aria-invalid=${this.dateError ? 'true' : 'false'}
                  aria-describedby="end-date-hint end-date-error"
                  .value=${this.laterDate}
                  @input=${(event: Event) => {
                    this.laterDate = (event.target as HTMLInputElement).value;
                    this.dateError = '';
                  }}
                />
              </label>
              <p id="end-date-hint" class="muted">${msg(str`On ${earliest} or later.`)}</p>
              <p id="end-date-error" class="field-error" role="alert">${this.dateError}</p>`
          : nothing
      }
    </fieldset>`;
  }
}
