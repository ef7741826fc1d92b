import { css } from 'lit';

export const toggleStyles = css`
  .row {
    display: flex;
    gap: var(--portico-space-s);
    align-items: center;
  }
  .row label {
    margin: 0;
  }
  input[role='switch'] {
    appearance: none;
    flex: none;
    position: relative;
    width: 2.75rem;
    height: 1.5rem;
    margin: 0;
    border: 1px solid var(--portico-color-border);
    border-radius: 999px;
    background: var(--portico-color-surface);
    cursor: pointer;
  }
  input[role='switch']::before {
    content: '';
    position: absolute;
    inset-block-start: 0.125rem;
    inset-inline-start: 0.125rem;
    width: 1.125rem;
    height: 1.125rem;
    border-radius: 50%;
    background: var(--portico-color-border);
    transition: transform 0.15s;
  }
  @media (prefers-reduced-motion: reduce) {
    input[role='switch']::before {
      transition: none;
    }
  }
  input[role='switch']:checked {
    background: var(--portico-color-primary);
    border-color: var(--portico-color-primary);
  }
  input[role='switch']:checked::before {
    background: var(--portico-color-on-primary);
    transform: translateX(1.25rem);
  }
  :host(:dir(rtl)) input[role='switch']:checked::before {
    transform: translateX(-1.25rem);
  }
  /* Forced colours (Windows high contrast) paint every background Canvas, which hid the knob and the state: draw the
     switch in system colours, the knob in CanvasText when off and the track in Highlight when on. */
  @media (forced-colors: active) {
    input[role='switch'] {
      forced-color-adjust: none;
      border-color: CanvasText;
      background: Canvas;
    }
    input[role='switch']::before {
      background: CanvasText;
    }
    input[role='switch']:checked {
      border-color: Highlight;
      background: Highlight;
    }
    input[role='switch']:checked::before {
      background: HighlightText;
    }
  }
  .hint {
    margin: 0.25rem 0 0;
  }
`;
