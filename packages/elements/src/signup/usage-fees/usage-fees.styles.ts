import { css } from 'lit';

export const usageFeesStyles = css`
  h2 {
    margin: 0 0 var(--portico-space-s);
    font-size: var(--portico-font-size-l);
  }
  dl {
    margin: var(--portico-space-s) 0 0;
    display: grid;
    gap: var(--portico-space-s);
  }
  .fee {
    display: flex;
    justify-content: space-between;
    gap: var(--portico-space-m);
  }
  dt {
    display: grid;
    font-weight: 600;
  }
  dt .muted {
    font-weight: 400;
    font-size: var(--portico-font-size-s);
  }
  dd {
    margin: 0;
    text-align: end;
    white-space: nowrap;
  }
`;
