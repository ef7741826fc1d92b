import { html, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { PortalSession } from '@portico/core';

/**
 * The contract picker above the views of one contract (details, usage, cancellation) when the session has several:
 * a labelled native select whose options read like the overview's cards (contract number and plan name). Choosing
 * one calls `pick` with the contract's id; focus stays on the select, so arrow keys go on through the contracts.
 */
export function renderContractPicker(session: PortalSession, contractId: string, pick: (id: string) => void) {
  const contracts = session.contracts;
  if (contracts.length < 2) return nothing;
  return html`<p class="contract-picker">
    <label for="contract-picker">${msg('Contract')}</label>
    <select
      id="contract-picker"
      .value=${contractId}
      @change=${(event: Event) => pick((event.target as HTMLSelectElement).value)}
    >
      ${contracts.map(
        (contract) =>
          // The isolates keep a plan name in another script from reordering the number and the dash.
          html`<option value=${contract.id} ?selected=${contract.id === contractId}>
            ${contract.contractNumber} – ⁨${contract.planName}⁩
          </option>`,
      )}
    </select>
  </p>`;
}
