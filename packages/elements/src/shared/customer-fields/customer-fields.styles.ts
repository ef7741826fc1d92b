import { css } from 'lit';

export const customerFieldsStyles = css`
  .grid {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: var(--portico-space-m);
  }
  .full {
    grid-column: 1 / -1;
  }
  @media (max-width: 30rem) {
    .half {
      grid-column: 1 / -1;
    }
  }
`;
