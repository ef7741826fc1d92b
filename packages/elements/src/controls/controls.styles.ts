import { css } from 'lit';

/** What Portico's form controls share: label, input box, hint and error text. */
export const controlStyles = css`
  :host {
    display: block;
    background: transparent;
  }
  label,
  .label {
    display: block;
    font-weight: 600;
    margin-block-end: 0.25rem;
  }
  .optional,
  .hint {
    font-weight: 400;
    color: var(--portico-color-text-muted);
    font-size: var(--portico-font-size-s);
  }
  input:not([type='checkbox']):not([type='radio']),
  select {
    width: 100%;
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    font: inherit;
    color: var(--portico-color-text);
    background: var(--portico-color-surface);
    border: 1px solid var(--portico-color-border);
    border-radius: var(--portico-radius-m);
  }
  [aria-invalid='true'] {
    border-color: var(--portico-color-danger);
    border-width: 2px;
  }
  .error {
    margin: 0.25rem 0 0;
    color: var(--portico-color-danger);
    font-size: var(--portico-font-size-s);
  }
  .error:empty {
    display: none;
  }
  button {
    min-width: 2.75rem;
    min-height: 2.75rem;
    font: inherit;
    color: var(--portico-color-text);
    background: var(--portico-color-surface);
    border: 1px solid var(--portico-color-border);
    border-radius: var(--portico-radius-m);
    cursor: pointer;
  }
  button:disabled {
    cursor: not-allowed;
    color: var(--portico-color-text-muted);
  }
  :focus-visible {
    outline: var(--portico-focus-ring);
    outline-offset: var(--portico-focus-offset);
  }
`;
