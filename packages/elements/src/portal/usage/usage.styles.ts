import { css } from 'lit';

export const usageStyles = css`
  svg.chart {
    width: 100%;
    max-width: 40rem;
    height: auto;
    display: block;
    margin-bottom: var(--portico-space-m);
  }
  svg.chart {
    margin-bottom: 0;
  }
  svg.chart rect.bar {
    fill: var(--portico-color-primary);
  }
  svg.chart rect.slot {
    fill: transparent;
  }
  svg.chart g.day.active rect.slot {
    fill: color-mix(in srgb, var(--portico-color-primary) 12%, transparent);
  }
  svg.chart g.day:focus {
    outline: none;
  }
  svg.chart g.day:focus-visible rect.slot {
    stroke: var(--portico-color-text);
    stroke-width: 2px;
  }
  svg.chart .axis line {
    stroke: var(--portico-color-border);
    stroke-width: 1px;
  }
  svg.chart text {
    fill: var(--portico-color-text-muted);
    font-size: 12px;
  }
  svg.chart text.value {
    fill: var(--portico-color-text);
    font-weight: 600;
  }
  p.readout {
    min-height: 1.5em;
    margin: var(--portico-space-s) 0 var(--portico-space-m);
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
