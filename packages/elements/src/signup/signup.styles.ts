import { css } from 'lit';

export const signupStyles = css`
  [part='base'] {
    position: relative;
    display: grid;
    gap: var(--portico-space-m);
    padding: var(--portico-space-l);
    border-radius: var(--portico-radius-l);
    background: var(--portico-color-surface);
    box-shadow: var(--portico-shadow-m);
  }
  header {
    display: grid;
    gap: 0.25rem;
  }
  header p {
    margin: 0;
  }
  h1 {
    margin: 0;
    font-size: var(--portico-font-size-xl);
    font-family: var(--portico-font-family-heading);
  }
  .price {
    font-size: var(--portico-font-size-l);
    color: var(--portico-color-text);
  }
  .muted {
    color: var(--portico-color-text-muted);
  }
  [role='alert'] {
    color: var(--portico-color-danger);
  }
  form {
    display: grid;
    gap: var(--portico-space-l);
  }
  .layout {
    display: grid;
    gap: var(--portico-space-l);
    grid-template-columns: minmax(0, 2fr) minmax(14rem, 1fr);
    align-items: start;
  }
  @media (max-width: 40rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .sections {
    display: grid;
    gap: var(--portico-space-l);
  }
  portico-order-summary {
    position: sticky;
    top: var(--portico-space-m);
  }
  /* An empty live region stays in the accessibility tree (display: none would drop it) but takes no room. */
  .alerts:empty {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
  }
  .alerts ul {
    margin: 0;
    padding-inline-start: var(--portico-space-l);
  }
  .alerts p {
    margin: 0;
  }
  button[part='submit'] {
    justify-self: start;
    min-height: 2.75rem;
    padding: 0.5rem var(--portico-space-l);
    font: inherit;
    font-weight: 600;
    color: var(--portico-color-on-primary);
    background: var(--portico-color-primary);
    border: 0;
    border-radius: var(--portico-radius-m);
    cursor: pointer;
  }
  button[part='submit']:disabled {
    cursor: progress;
    opacity: 0.75;
  }
  .success h1:focus {
    outline: none;
  }
  .success .order-summary {
    display: grid;
    gap: var(--portico-space-s);
    margin: 0 0 var(--portico-space-m);
  }
  .success .order-summary div {
    display: flex;
    flex-wrap: wrap;
    gap: var(--portico-space-s);
  }
  .success .order-summary dt {
    font-weight: 600;
  }
  .success .order-summary dd {
    margin: 0;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  :focus-visible {
    outline: var(--portico-focus-ring);
    outline-offset: var(--portico-focus-offset);
  }
`;
