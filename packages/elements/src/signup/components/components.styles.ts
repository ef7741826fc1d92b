import { css } from 'lit';

export const componentsStyles = css`
  [part='component'] {
    padding-block-end: var(--portico-space-s);
    border-block-end: 1px solid var(--portico-color-border);
  }
  [part='component']:last-child {
    border-block-end: 0;
  }
`;
