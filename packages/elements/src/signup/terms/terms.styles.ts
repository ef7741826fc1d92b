import { css } from 'lit';

export const termsStyles = css`
  .term {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0 var(--portico-space-s);
    align-items: start;
  }
  .term .error {
    grid-column: 2;
  }
  input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0.15rem 0 0;
    accent-color: var(--portico-color-primary);
  }
  a {
    color: var(--portico-color-primary);
  }
`;
