import { css } from 'lit';

export const paymentMethodStyles = css`
  form {
    max-width: 40rem;
    display: grid;
    gap: var(--portico-space-m);
  }
  .current {
    margin-bottom: var(--portico-space-m);
  }
  .masked {
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.02em;
  }
  p.message:empty,
  p.alert:empty {
    margin: 0;
  }
`;
