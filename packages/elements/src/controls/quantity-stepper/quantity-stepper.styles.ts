import { css } from 'lit';

export const quantityStepperStyles = css`
  .row {
    display: flex;
    gap: var(--portico-space-s);
    align-items: center;
  }
  .row input {
    max-width: 6rem;
    text-align: center;
  }
  .hint {
    margin: 0 0 0.25rem;
  }
`;
