import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import type { SignupComponent } from '@portico/core';
import { PorticoElement } from '../../base/portico-element.ts';
import { hostStyles } from '../../base/shared.styles.ts';
import { unitPriceText } from '../format.ts';
import { sectionStyles } from '../../shared/section.styles.ts';
import { usageFeesStyles } from './usage-fees.styles.ts';

/**
 * Read-only prices of metered components ("Usage fees"): billed by use, nothing to choose.
 *
 * @csspart fee - One fee's row.
 *
 * @internal A building block of `<portico-signup>`, which sets its properties; pages style it through the
 *   signup's parts.
 */
export class PorticoUsageFees extends PorticoElement {
  static override styles = [hostStyles, sectionStyles, usageFeesStyles];

  @property({ attribute: false }) fees: SignupComponent[] = [];
  @property() currency = 'EUR';

  override render() {
    const lang = this.effectiveLang;
    return html`<section aria-labelledby="heading">
      <h2 id="heading" part="section-heading">${msg('Usage fees')}</h2>
      <p class="muted">${msg('Billed by use at the end of each billing period.')}</p>
      <dl>
        ${this.fees.map(
          (fee) =>
            html`<div part="fee" class="fee">
              <dt>
                <span dir="auto">${fee.name}</span
                >${fee.description ? html`<span class="muted" dir="auto">${fee.description}</span>` : ''}
              </dt>
              <dd>${unitPriceText(fee, this.currency, lang)}</dd>
            </div>`,
        )}
      </dl>
    </section>`;
  }
}
