import { css } from 'lit';
import { fieldStyles } from '../base/shared.styles.ts';

/** Shared look of the portal's sections: headings, tables, buttons, form fields, messages. */
export const sectionStyles = css`
  ${fieldStyles}
  :host {
    background: transparent;
  }
  h2 {
    margin: 0 0 var(--portico-space-m);
    font-size: var(--portico-font-size-l);
    font-family: var(--portico-font-family-heading);
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: var(--portico-focus-ring);
  }
  h3 {
    margin: var(--portico-space-l) 0 var(--portico-space-s);
    font-size: var(--portico-font-size-m);
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    padding: var(--portico-space-s);
    text-align: start;
    border-bottom: 1px solid var(--portico-color-border);
    vertical-align: top;
  }
  td.amount,
  th.amount {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: var(--portico-space-s) var(--portico-space-m);
    margin: 0;
  }
  dt {
    color: var(--portico-color-text-muted);
  }
  dd {
    margin: 0;
  }
  button {
    font: inherit;
    padding: var(--portico-space-s) var(--portico-space-m);
    border-radius: var(--portico-radius-m);
    border: 1px solid var(--portico-color-primary);
    background: var(--portico-color-surface);
    color: var(--portico-color-primary);
    cursor: pointer;
  }
  button.primary {
    background: var(--portico-color-primary);
    color: var(--portico-color-on-primary);
  }
  button.danger {
    border-color: var(--portico-color-danger);
    color: var(--portico-color-danger);
  }
  button[disabled] {
    opacity: 0.6;
    cursor: default;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--portico-space-s);
    margin-top: var(--portico-space-m);
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: var(--portico-space-m);
    margin-bottom: var(--portico-space-m);
  }
  label {
    display: grid;
    gap: 0.25rem;
  }
  fieldset {
    border: 1px solid var(--portico-color-border);
    border-radius: var(--portico-radius-m);
    margin: 0;
  }
  fieldset label {
    display: flex;
    gap: var(--portico-space-s);
    align-items: center;
  }
  input[type='checkbox'] {
    padding: 0;
  }
  [aria-invalid='true'] {
    border-color: var(--portico-color-danger);
  }
  form {
    display: grid;
    gap: var(--portico-space-m);
    max-width: 32rem;
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
  .field .error {
    margin: 0;
  }
  a {
    color: var(--portico-color-primary);
  }
  .error,
  [role='alert'] {
    color: var(--portico-color-danger);
  }
  .muted {
    color: var(--portico-color-text-muted);
  }
  .status {
    white-space: nowrap;
  }
  ul.cards {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--portico-space-m);
  }
  ul.cards > li {
    border: 1px solid var(--portico-color-border);
    border-radius: var(--portico-radius-m);
    padding: var(--portico-space-m);
  }
`;
