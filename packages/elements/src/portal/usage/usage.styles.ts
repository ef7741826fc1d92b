import { css } from 'lit';

export const usageStyles = css`
  svg.chart {
    width: 100%;
    max-width: 40rem;
    height: auto;
    display: block;
    margin-bottom: var(--portico-space-m);
  }
  svg.chart rect {
    fill: var(--portico-color-primary);
  }
  svg.chart text {
    fill: var(--portico-color-text-muted);
    font-size: 12px;
  }
  table.days {
    max-width: 40rem;
  }
  caption {
    text-align: start;
    padding-bottom: var(--portico-space-s);
  }
  tfoot th,
  tfoot td {
    font-weight: 600;
  }
  p.download-status:empty,
  p.download-error:empty {
    margin: 0;
  }
`;
