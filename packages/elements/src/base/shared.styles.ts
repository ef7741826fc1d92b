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
  :focus-visible {
    outline: var(--portico-focus-ring);
    outline-offset: var(--portico-focus-offset);
  }
`;
