import { css } from 'lit';

export const billingAddressStyles = css`
  .conflict {
    border: 1px solid var(--portico-color-danger);
    border-radius: var(--portico-radius-m);
    padding: var(--portico-space-m);
    margin-bottom: var(--portico-space-m);
  }
  .conflict h3 {
    margin-top: 0;
  }
  form {
    max-width: 40rem;
  }
  p.message:empty,
  p.alert:empty {
    margin: 0;
  }
`;
