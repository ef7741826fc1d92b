import { css } from 'lit';

export const cancellationStyles = css`
  .state,
  .end {
    font-weight: 600;
  }
  .reason {
    max-width: 32rem;
  }
  .when {
    border: none;
    padding: 0;
    margin: var(--portico-space-m) 0;
    display: grid;
    gap: var(--portico-space-s);
    max-width: 32rem;
  }
  .when legend {
    font-weight: 600;
    margin-bottom: var(--portico-space-s);
  }
  .option {
    display: flex;
    align-items: center;
    gap: var(--portico-space-s);
  }
  .end-date {
    display: grid;
    gap: var(--portico-space-s);
  }
  .when p {
    margin: 0;
  }
  .field-error {
    color: var(--portico-color-danger);
  }
  .field-error:empty {
    margin: 0;
  }
  input[type='date'][aria-invalid='true'] {
    border-color: var(--portico-color-danger);
  }
  .confirm-step {
    border: 1px solid var(--portico-color-danger);
    border-radius: var(--portico-radius-m);
    padding: var(--portico-space-m);
  }
  .confirm-step h3 {
    margin-top: 0;
  }
  .confirm-step h3:focus {
    outline: none;
  }
  p.message:empty,
  p.alert:empty {
    margin: 0;
  }
`;
