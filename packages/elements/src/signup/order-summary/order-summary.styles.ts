import { css } from 'lit';

export const orderSummaryStyles = css`
  h2 {
    margin: 0 0 var(--portico-space-s);
    font-size: var(--portico-font-size-l);
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th {
    text-align: start;
    font-weight: 400;
  }
  td {
    text-align: end;
    white-space: nowrap;
  }
  th,
  td {
    padding: 0.25rem 0;
  }
  .subtotal th,
  .subtotal td {
    border-top: 1px solid var(--portico-color-border);
  }
  .total th,
  .total td {
    font-weight: 700;
    border-top: 1px solid var(--portico-color-border);
  }
  .due {
    margin: var(--portico-space-s) 0 0;
    display: grid;
    gap: 0.25rem;
  }
  .due div {
    display: flex;
    justify-content: space-between;
    gap: var(--portico-space-m);
  }
  .due dt {
    font-weight: 600;
  }
  .due dd {
    margin: 0;
  }
  .note,
  .trial {
    margin-top: var(--portico-space-s);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
