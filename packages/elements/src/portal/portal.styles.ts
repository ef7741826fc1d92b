import { css } from 'lit';

export const portalStyles = css`
  [part='base'] {
    position: relative;
    display: grid;
    gap: var(--portico-space-m);
    padding: var(--portico-space-l);
    border-radius: var(--portico-radius-l);
    background: var(--portico-color-surface);
    box-shadow: var(--portico-shadow-m);
  }
  h1 {
    margin: 0;
    font-size: var(--portico-font-size-xl);
    font-family: var(--portico-font-family-heading);
  }
  h2 {
    margin: 0;
    font-size: var(--portico-font-size-l);
  }
  header {
    display: grid;
    grid-template-columns: 1fr auto;
    align-items: center;
    gap: var(--portico-space-s) var(--portico-space-m);
  }
  header p {
    grid-column: 1 / -1;
    margin: 0;
  }
  header .logout {
    grid-column: 2;
    grid-row: 1;
  }
  .who,
  .expiry {
    color: var(--portico-color-text-muted);
  }
  /* Empty, the live region leaves the layout but stays in the accessibility tree, so its warning is announced. */
  .session-warning:empty {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  nav ul {
    display: flex;
    flex-wrap: wrap;
    gap: var(--portico-space-s);
    list-style: none;
    margin: 0;
    padding: 0;
    border-bottom: 1px solid var(--portico-color-border);
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
  nav button {
    border: none;
    border-bottom: 3px solid transparent;
    border-radius: 0;
    color: var(--portico-color-text);
  }
  nav button[aria-current='page'] {
    border-bottom-color: var(--portico-color-primary);
    font-weight: 600;
  }
  .contract-picker {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--portico-space-s);
    margin: 0;
  }
  [role='alert'] {
    color: var(--portico-color-danger);
  }
`;
