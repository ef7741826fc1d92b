import { css } from 'lit';

/** Host defaults every element shares; components read only `--portico-*` role tokens. */
export const hostStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    color: var(--portico-color-text);
    background: var(--portico-color-surface);
    font-family: var(--portico-font-family);
    font-size: var(--portico-font-size-m);
    line-height: var(--portico-line-height);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  /* Merchant texts keep their own direction (dir="auto") yet align with the page: right in a right-to-left page. */
  :host(:dir(rtl)) [dir='auto'] {
    text-align: right;
  }
  :host(:dir(ltr)) [dir='auto'] {
    text-align: left;
  }
  :focus-visible {
    outline: var(--portico-focus-ring);
    outline-offset: var(--portico-focus-offset);
  }
`;

/** Native inputs, selects and text areas drawn with the theme's field tokens (portal sections, contract picker). */
export const fieldStyles = css`
  input,
  select,
  textarea {
    font: inherit;
    padding: var(--portico-space-s);
    border: 1px solid var(--portico-color-border);
    border-radius: var(--portico-radius-m);
    background: var(--portico-color-surface);
    color: var(--portico-color-text);
  }
`;
