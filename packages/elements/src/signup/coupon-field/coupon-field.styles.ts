import { css } from 'lit';

export const couponFieldStyles = css`
  .row {
    display: flex;
    gap: var(--portico-space-s);
  }
  .row button {
    padding-inline: var(--portico-space-m);
  }
  .applied {
    margin: 0.25rem 0 0;
    color: var(--portico-color-success);
  }
`;
