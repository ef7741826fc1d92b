import { css } from 'lit';

export const variantSwitchStyles = css`
  .options {
    display: flex;
    flex-wrap: wrap;
    gap: var(--portico-space-s);
  }
  .option {
    display: flex;
    gap: var(--portico-space-s);
    align-items: center;
    padding: var(--portico-space-s) var(--portico-space-m);
    border: 1px solid var(--portico-color-border);
    border-radius: var(--portico-radius-m);
    cursor: pointer;
  }
  .option:has(input:checked) {
    border-color: var(--portico-color-primary);
    box-shadow: inset 0 0 0 1px var(--portico-color-primary);
  }
  .option span {
    display: grid;
  }
  input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    accent-color: var(--portico-color-primary);
  }
`;
