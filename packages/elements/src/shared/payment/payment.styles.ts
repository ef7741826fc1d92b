import { css } from 'lit';

export const paymentStyles = css`
  .methods {
    display: flex;
    flex-wrap: wrap;
    gap: var(--portico-space-s);
  }
  .method {
    display: flex;
    gap: var(--portico-space-s);
    align-items: center;
    padding: var(--portico-space-s) var(--portico-space-m);
    border: 1px solid var(--portico-color-border);
    border-radius: var(--portico-radius-m);
    cursor: pointer;
  }
  .method:has(input:checked) {
    border-color: var(--portico-color-primary);
    box-shadow: inset 0 0 0 1px var(--portico-color-primary);
  }
  .method input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    accent-color: var(--portico-color-primary);
  }
  .details {
    display: grid;
    gap: var(--portico-space-m);
  }
  .mandate {
    display: grid;
    gap: var(--portico-space-s);
    padding: var(--portico-space-m);
    border-radius: var(--portico-radius-m);
    border: 1px solid var(--portico-color-border);
    font-size: var(--portico-font-size-s);
  }
  iframe {
    width: 100%;
    height: 17rem;
    border: 1px solid var(--portico-color-border);
    border-radius: var(--portico-radius-m);
  }
  .ready {
    color: var(--portico-color-success);
  }
`;
