import { css } from 'lit';

/**
 * Form sections of the signup page, also used by the portal's forms (payment, customer details): a fieldset with a
 * legend and a grid of controls.
 */
export const sectionStyles = css`
  :host {
    display: block;
    background: transparent;
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    display: grid;
    gap: var(--portico-space-m);
    min-width: 0;
  }
  legend {
    padding: 0;
    margin-block-end: var(--portico-space-s);
    font-size: var(--portico-font-size-l);
    font-weight: 600;
  }
  p {
    margin: 0;
  }
  .muted {
    color: var(--portico-color-text-muted);
  }
  .error {
    margin: 0;
    color: var(--portico-color-danger);
    font-size: var(--portico-font-size-s);
  }
  .error:empty {
    display: none;
  }
  :focus-visible {
    outline: var(--portico-focus-ring);
    outline-offset: var(--portico-focus-offset);
  }
`;
