import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { PorticoElement } from '../base/portico-element.ts';
import { hostStyles } from '../base/shared.styles.ts';
import { portalStyles } from './portal.styles.ts';
import { takeTokenFromLocation } from './token.ts';

/**
 * The customer self-service portal, opened with a self-service token.
 *
 * @csspart base - The portal's card.
 */
export class PorticoPortal extends PorticoElement {
  static override styles = [hostStyles, portalStyles];

  /** The merchant's tenant id, e.g. `demo`. */
  @property({ reflect: true }) tenant = '';

  /** Base URL of the Portico server; empty when the page is served by it. */
  @property({ attribute: 'api-base' }) apiBase = '';

  /** A self-service token; when empty, the element reads `#token=` from the address bar. */
  @property({ attribute: false }) token = '';

  @state() private hasToken = false;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.token) this.token = takeTokenFromLocation() ?? '';
    this.hasToken = this.token !== '';
  }

  override render() {
    return html`<section part="base">
      <h1>${msg('Customer portal')}</h1>
      ${
        this.hasToken
          ? html`<p role="status">${msg('Opening your portal…')}</p>`
          : html`<p>
              ${msg('This page opens from the link in your invoice e-mail. Please use that link to sign in.')}
            </p>`
      }
    </section>`;
  }
}
