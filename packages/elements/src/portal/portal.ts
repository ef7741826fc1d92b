import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { LOCALE_STATUS_EVENT, msg, str, type LocaleStatusEventDetail } from '@lit/localize';
import type { PortalContractLabel, PortalSession } from '@portico/core';
import { ApiError } from '../base/api.ts';
import { NewestAnswer, overtaken } from '../base/newest-answer.ts';
import { PorticoElement } from '../base/portico-element.ts';
import { whenIdle } from '../base/yield.ts';
import { fieldStyles, hostStyles } from '../base/shared.styles.ts';
import { PorticoSessionExpiredEvent, type PorticoSessionExpiredDetail } from '../events/session-expired-event.ts';
import { allowedViews, PortalNavigateEvent, routeForAction, type PortalRoute, type PortalView } from './access.ts';
import { isSessionEnded, openSession, PortalClient } from './client.ts';
import { renderContractPicker } from './contract-picker.ts';
import { formatDateTime } from './format.ts';
import { portalStyles } from './portal.styles.ts';
import { sectionFor } from './sections.ts';
import { forgetPortalSession, loadPortalSession, savePortalSession } from './session-store.ts';
import { takeTokenFromLocation } from './token.ts';

type Phase =
  | { name: 'no-token' }
  | { name: 'opening' }
  | { name: 'open'; session: PortalSession; client: PortalClient }
  | { name: 'ended'; reason: PorticoSessionExpiredDetail['reason'] }
  | { name: 'signed-out' }
  | { name: 'error'; message: string };

/**
 * The modules of the sections (see `sections.ts`), loaded when a section first opens so that the portal's first view
 * stays small; each registers its section's element.
 */
const loaders: Record<PortalView, () => Promise<unknown>> = {
  dashboard: () => import('./dashboard/portico-portal-dashboard.ts'),
  contract: () => import('./contract/portico-portal-contract.ts'),
  invoices: () => import('./invoices/portico-portal-invoices.ts'),
  usage: () => import('./usage/portico-portal-usage.ts'),
  'billing-address': () => import('./billing-address/portico-portal-billing-address.ts'),
  'payment-method': () => import('./payment-method/portico-portal-payment-method.ts'),
  cancellation: () => import('./cancellation/portico-portal-cancellation.ts'),
  personnel: () => import('./personnel/portico-portal-personnel.ts'),
};
const loadRequestLink = () => import('./request-link/portico-portal-request-link.ts');

interface SectionElement extends HTMLElement {
  focusHeading(): Promise<void>;
}

/**
 * The customer self-service portal, opened with a self-service token. It exchanges the token for a session,
 * which the tab keeps in `sessionStorage` (never the link's token, no cookies) so that a reload stays signed in
 * until the session ends or "Sign out"; a new `#token=` in the address opens that link's session without a
 * reload. It shows the sections the person may see, warns before the session ends and offers to extend it, and
 * offers a new link when it has ended. It loads each section when it
 * first opens and renders it itself; style the sections through the parts below.
 *
 * @fires {PorticoSessionExpiredEvent} portico-session-expired - The session ended or the link's token was refused
 *   (`detail.reason`: `expired`, `token_expired`, `token_invalid` or `token_revoked`).
 * @fires {PorticoCardErrorEvent} portico-card-error - The payment provider's card frame refused the entered card
 *   (`detail.code`, e.g. `card_declined`, and `detail.message`); the payment data section shows it too.
 * @csspart base - The element's card.
 * @csspart header - The signed-in header: title, customer, session expiry, sign out.
 * @csspart title - The "Customer portal" heading (also on the sign-in and link pages).
 * @csspart nav - The section navigation.
 * @csspart section-heading - The heading of the section shown (overview, contract, invoices, usage, …) and of the
 *   request-a-link page.
 * @csspart primary-button - Every primary button: "Stay signed in", save (billing address, payment data, a person),
 *   "Send invitation", "Send me a new link".
 * @cssprop --portico-color-surface - The card's background, and that of inputs and buttons.
 * @cssprop --portico-color-text - Body text.
 * @cssprop --portico-color-text-muted - Hints and secondary lines.
 * @cssprop --portico-color-primary - Primary buttons, links, the current section in the navigation, the usage chart.
 * @cssprop --portico-color-on-primary - Text on primary buttons.
 * @cssprop --portico-color-border - Input, button and card borders.
 * @cssprop --portico-color-danger - Error messages and the borders of invalid inputs.
 * @cssprop --portico-color-success - Confirmations: a card that is ready.
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
export class PorticoPortal extends PorticoElement {
  static override styles = [hostStyles, fieldStyles, portalStyles];

  /** The merchant's tenant id, e.g. `demo`. */
  @property({ reflect: true }) tenant = '';

  /** Base URL of the Portico server; empty when the page is served by it. */
  @property({ attribute: 'api-base' }) apiBase = '';

  /**
   * A self-service token; when empty, the element reads `#token=` from the address bar (also when it changes
   * later), else it goes on with the session this tab stored.
   */
  @property({ attribute: false }) token = '';

  /** How many seconds before the session ends the portal warns and offers to stay signed in. */
  @property({ type: Number, attribute: 'warn-before' }) warnBefore = 120;

  @state() private phase: Phase = { name: 'no-token' };
  @state() private route: PortalRoute = { view: 'dashboard' };
  @state() private sectionLoaded = false;
  @state() private warning = false;
  @state() private extending = false;
  @state() private sessionNotice = '';
  /**
   * "Signed in until …", formatted when the browser is idle after the first view: the first date-and-time
   * formatter of a page is costly to create, and nothing the first view needs waits for it.
   */
  @state() private expiry: { key: string; text: string } | null = null;
  private expiryWanted = '';
  private timers: ReturnType<typeof setTimeout>[] = [];
  /** The server's clock minus this browser's, so the timers follow the server's idea of the expiry. */
  private clockSkewMs = 0;
  /** The requests for the contracts' names: only the newest answer is shown. */
  private readonly contractLabels = new NewestAnswer();

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.token) this.token = takeTokenFromLocation() ?? '';
    const language = new URLSearchParams(window.location.search).get('language')?.trim();
    if (language && !this.hasAttribute('lang')) this.lang = language;
    window.addEventListener(LOCALE_STATUS_EVENT, this.onLocaleStatus);
    window.addEventListener('hashchange', this.onHashChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener(LOCALE_STATUS_EVENT, this.onLocaleStatus);
    window.removeEventListener('hashchange', this.onHashChange);
    this.clearTimers();
  }

  /** A link pasted into this tab only changes the fragment: open its session (the same link again, too). */
  private onHashChange = (): void => {
    const token = takeTokenFromLocation();
    if (!token || !this.tenant) return;
    if (token === this.token) void this.open();
    else this.token = token;
  };

  /**
   * Once another language's texts are shown, asks for the session's contracts again, so the contract picker names
   * the plans in that language (the sections reload their own data the same way).
   */
  private onLocaleStatus = (event: Event): void => {
    const { detail } = event as CustomEvent<LocaleStatusEventDetail>;
    const phase = this.phase;
    if (detail.status !== 'ready' || phase.name !== 'open' || phase.session.contracts.length < 2) return;
    this.contractLabels
      .run((signal) => phase.client.get<PortalContractLabel[]>('/session/contracts', signal))
      .then((contracts) => {
        const now = this.phase;
        if (contracts === overtaken || now.name !== 'open' || now.client !== phase.client) return;
        this.phase = { ...now, session: { ...now.session, contracts } };
      })
      // The picker keeps the names it has; a session that ended shows its own message.
      .catch(() => undefined);
  };

  override willUpdate(changed: Map<string, unknown>): void {
    if ((changed.has('token') || changed.has('tenant')) && this.token && this.tenant) void this.open();
    else if ((changed.has('tenant') || changed.has('apiBase')) && this.tenant && this.phase.name === 'no-token') {
      void this.resume();
    }
  }

  override updated(): void {
    if (['no-token', 'ended', 'signed-out'].includes(this.phase.name)) void loadRequestLink();
  }

  /** The open session's details, or null. */
  get session(): PortalSession | null {
    return this.phase.name === 'open' ? this.phase.session : null;
  }

  private async open(): Promise<void> {
    const token = this.token;
    this.phase = { name: 'opening' };
    try {
      // The session names the contracts' plans in the language the page names (the customer's comes with it).
      const named = new URLSearchParams(window.location.search).get('language')?.trim() || this.lang;
      const { session, clockSkewMs } = await openSession(this.apiBase, this.tenant, token, named);
      if (token !== this.token) return; // another link arrived meanwhile
      await this.begin(session, clockSkewMs, session.action);
    } catch (error) {
      if (isSessionEnded(error)) return this.end(error.code);
      this.phase = {
        name: 'error',
        message:
          error instanceof ApiError && error.status === 0
            ? msg('The portal could not be reached. Please check your connection and reload the page.')
            : msg('The portal could not be opened. Please reload the page or request a new link.'),
      };
    }
  }

  /** Goes on with the session this tab stored, if it is still valid (after a reload). */
  private async resume(): Promise<void> {
    const stored = loadPortalSession(this.tenant, this.apiBase);
    if (!stored) return;
    await this.begin(stored.session, stored.clockSkewMs, stored.action ?? stored.session.action);
  }

  /** Shows an open session on the section `action` names, and keeps it for a reload of the tab. */
  private async begin(session: PortalSession, clockSkewMs: number, action: string | null): Promise<void> {
    this.clockSkewMs = clockSkewMs;
    const client = new PortalClient(this.apiBase, this.tenant, session.sessionToken, (code) => this.end(code));
    this.customerLanguage = session.customerLanguage ?? '';
    this.useTenantStrings(session.stringOverrides);
    this.phase = { name: 'open', session, client };
    this.schedule(session);
    this.keep();
    await this.go(routeForAction(action, session), false);
  }

  /** Stores the open session and the section shown, for a reload of the tab. */
  private keep(): void {
    const phase = this.phase;
    if (phase.name !== 'open') return;
    const { view, contractId } = this.route;
    const action = contractId ? `${view}:${contractId}` : view;
    savePortalSession(this.tenant, this.apiBase, { session: phase.session, clockSkewMs: this.clockSkewMs, action });
  }

  private schedule(session: PortalSession): void {
    this.clearTimers();
    const left = Date.parse(session.expiresAt) - (Date.now() + this.clockSkewMs);
    this.warning = left <= this.warnBefore * 1000;
    if (!this.warning) {
      this.timers.push(
        setTimeout(
          () => {
            this.sessionNotice = '';
            this.warning = true;
          },
          left - this.warnBefore * 1000,
        ),
      );
    }
    this.timers.push(setTimeout(() => this.end('expired'), Math.max(0, left)));
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }

  private canExtend(session: PortalSession): boolean {
    return Date.parse(session.expiresAt) < Date.parse(session.maxExpiresAt) - 1000;
  }

  private async extend(): Promise<void> {
    const phase = this.phase;
    if (phase.name !== 'open') return;
    this.extending = true;
    try {
      const session = await phase.client.send<PortalSession>('POST', '/session/extend');
      phase.client.setSessionToken(session.sessionToken);
      this.phase = { ...phase, session };
      this.schedule(session);
      this.keep();
      this.sessionNotice = msg(str`You stay signed in until ${formatDateTime(session.expiresAt, this.effectiveLang)}.`);
      // The button is gone (or replaced); put focus back into the section the person was using.
      await this.updateComplete;
      if (!this.renderRoot.querySelector('button.extend')) {
        await this.renderRoot.querySelector<SectionElement>('.section > *')?.focusHeading();
      }
    } catch (error) {
      if (!isSessionEnded(error)) this.sessionNotice = msg('Your access could not be extended. Please try again.');
    } finally {
      this.extending = false;
    }
  }

  private async logout(): Promise<void> {
    const phase = this.phase;
    if (phase.name !== 'open') return;
    this.clearTimers();
    forgetPortalSession(this.tenant);
    await phase.client.send<null>('DELETE', '/session').catch(() => null);
    this.phase = { name: 'signed-out' };
    await this.focusMessage();
  }

  /** Moves focus to the message that replaced the portal (the control that had focus is gone). */
  private async focusMessage(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.message')?.focus();
  }

  private end(reason: PorticoSessionExpiredDetail['reason']): void {
    if (this.phase.name === 'ended') return;
    this.clearTimers();
    forgetPortalSession(this.tenant);
    this.warning = false;
    const hadFocus = this.matches(':focus-within');
    this.phase = { name: 'ended', reason };
    this.emit(new PorticoSessionExpiredEvent({ reason }));
    if (hadFocus) void this.focusMessage();
  }

  /** Opens a section (when the session may see it) and moves focus to its heading. */
  private async go(route: PortalRoute, focus = true): Promise<void> {
    const session = this.session;
    if (!session || !allowedViews(session).includes(route.view)) return;
    if (sectionFor(route.view).contract === 'one' && !route.contractId) {
      route = { view: route.view, contractId: this.route.contractId ?? session.contractIds[0] ?? null };
    }
    this.sectionLoaded = false;
    this.route = route;
    this.keep();
    await loaders[route.view]();
    if (this.route !== route) return; // a newer navigation overtook this one while its section loaded
    this.sectionLoaded = true;
    if (!focus) return;
    await this.updateComplete;
    const section = this.renderRoot.querySelector<SectionElement>('.section > *');
    await section?.focusHeading();
  }

  private onNavigate = (event: Event) => {
    if (event instanceof PortalNavigateEvent) void this.go(event.route);
  };

  /** The contract picker's choice: the same view of another contract; focus stays on the picker. */
  private pickContract = (contractId: string) => {
    void this.go({ view: this.route.view, contractId }, false);
  };

  override render() {
    return html`<section part="base" lang=${this.contentLang}>${this.renderPhase()}</section>`;
  }

  private renderPhase() {
    const phase = this.phase;
    switch (phase.name) {
      case 'no-token':
        return html`<h1 part="title">${msg('Customer portal')}</h1>
          <p>${msg('This page opens from the link in your invoice e-mail. Please use that link to sign in.')}</p>
          ${this.renderRequestLink(msg('Lost the link? We can send you a new one.'))}`;
      case 'opening':
        return html`<h1 part="title">${msg('Customer portal')}</h1>
          <p role="status">${msg('Opening your portal…')}</p>`;
      case 'error':
        return html`<h1 part="title">${msg('Customer portal')}</h1>
          <p role="alert">${phase.message}</p>`;
      case 'ended':
        return html`<h1 part="title">${msg('Customer portal')}</h1>
          <p role="alert" class="message" tabindex="-1">${this.endedMessage(phase.reason)}</p>
          ${this.renderRequestLink(msg('Request a new link'))}`;
      case 'signed-out':
        return html`<h1 part="title">${msg('Customer portal')}</h1>
          <p role="status" class="message" tabindex="-1">
            ${msg('You are signed out. The link you used no longer works.')}
          </p>
          ${this.renderRequestLink(msg('Request a new link'))}`;
      case 'open':
        return this.renderOpen(phase.session);
    }
  }

  private endedMessage(reason: PorticoSessionExpiredDetail['reason']): string {
    switch (reason) {
      case 'expired':
      case 'token_expired':
        return msg('Your access has expired. Request a new link to continue.');
      case 'token_revoked':
        return msg('This link is no longer valid. Request a new link to continue.');
      case 'token_invalid':
        return msg('This link is not valid. Request a new link to continue.');
    }
  }

  private renderRequestLink(heading: string) {
    return html`<h2 part="section-heading">${heading}</h2>
      <portico-portal-request-link
        exportparts="primary-button"
        tenant=${this.tenant}
        api-base=${this.apiBase}
        lang=${this.effectiveLang}
      ></portico-portal-request-link>`;
  }

  private renderOpen(session: PortalSession) {
    const lang = this.effectiveLang;
    const views = allowedViews(session);
    const customer = session.customer.company ?? session.customer.name;
    const expires = this.expiryText(session, lang);
    return html`
      <header part="header">
        <h1 part="title">${msg('Customer portal')}</h1>
        <p class="who"><bdi>${customer}</bdi> · <bdi>${session.person.firstName} ${session.person.lastName}</bdi></p>
        <p class="expiry">${expires ? msg(str`Signed in until ${expires}.`) : nothing}</p>
        <button type="button" class="logout" @click=${this.logout}>${msg('Sign out')}</button>
      </header>
      <div class="session-warning" role="status">${this.sessionMessage(session, lang)}</div>
      ${
        this.warning && this.canExtend(session)
          ? html`<p>
              <button
                type="button"
                part="primary-button"
                class="primary extend"
                ?disabled=${this.extending}
                @click=${this.extend}
              >
                ${msg('Stay signed in')}
              </button>
            </p>`
          : nothing
      }
      <nav part="nav" aria-label=${msg('Portal sections')}>
        <ul>
          ${views.map((view) => {
            const section = sectionFor(view);
            // A list narrowed to one contract is not the list the navigation opens (that lists all).
            const narrowed = section.contract === 'filter' && !!this.route.contractId;
            return html`<li>
              <button
                type="button"
                data-view=${view}
                aria-current=${this.route.view === view && !narrowed ? 'page' : 'false'}
                @click=${() => this.go(section.contract === 'filter' ? { view, contractId: null } : { view })}
              >
                ${section.label()}
              </button>
            </li>`;
          })}
        </ul>
      </nav>
      ${
        sectionFor(this.route.view).contract === 'one'
          ? renderContractPicker(session, this.route.contractId ?? '', this.pickContract)
          : nothing
      }
      <div class="section" @portal-navigate=${this.onNavigate}>
        ${
          this.sectionLoaded
            ? // Another contract gets a fresh section: nothing typed for the previous one carries over.
              keyed(this.route.contractId ?? '', this.renderSection(session))
            : html`<p role="status">${msg('Loading…')}</p>`
        }
      </div>
    `;
  }

  /** The session's expiry in `lang` once formatted (see `expiry`), else '' and it is formatted when idle. */
  private expiryText(session: PortalSession, lang: string): string {
    const key = `${session.expiresAt} ${lang}`;
    if (this.expiry?.key === key) return this.expiry.text;
    if (this.expiryWanted !== key) {
      this.expiryWanted = key;
      whenIdle(() => {
        if (this.expiryWanted === key) this.expiry = { key, text: formatDateTime(session.expiresAt, lang) };
      });
    }
    return '';
  }

  /** What the session's live region says: the extension's confirmation, or the warning before the end. */
  private sessionMessage(session: PortalSession, lang: string): string {
    if (this.sessionNotice) return this.sessionNotice;
    if (!this.warning) return '';
    const expires = formatDateTime(session.expiresAt, lang);
    return this.canExtend(session)
      ? msg(str`Your access ends at ${expires}. Do you want to stay signed in?`)
      : msg(str`Your access ends at ${expires}. Afterwards, request a new link to continue.`);
  }

  /** The section shown, from its row in the section table; every section gets the client, session and language. */
  private renderSection(session: PortalSession) {
    const phase = this.phase;
    if (phase.name !== 'open') return nothing;
    const section = sectionFor(this.route.view);
    const tag = unsafeStatic(section.tag);
    return staticHtml`<${tag}
      exportparts="section-heading, primary-button"
      .client=${phase.client}
      .session=${session}
      lang=${this.effectiveLang}
      contract-id=${section.contract === 'none' ? nothing : (this.route.contractId ?? '')}
    ></${tag}>`;
  }
}
