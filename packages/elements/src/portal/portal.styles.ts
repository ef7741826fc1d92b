import { css } from 'lit';

export const portalStyles = css`
  [part='base'] {
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
`;
