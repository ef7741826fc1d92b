import { css } from 'lit';

export const cancellationStyles = css`
  .state,
  .end {
    font-weight: 600;
  }
  .reason {
    max-width: 32rem;
  }
  textarea {
    font: inherit;
    padding: var(--portico-space-s);
    border: 1px solid var(--portico-color-border);
    border-radius: var(--portico-radius-m);
    background: var(--portico-color-surface);
    color: var(--portico-color-text);
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
