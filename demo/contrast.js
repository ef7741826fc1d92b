// WCAG 2 contrast ratios for the playground's readout.

/** The text/background pairs a theme must keep readable: [text token, background token, what it is]. */
export const PAIRS = [
  ['--portico-color-text', '--portico-color-surface', 'Text on surface'],
  ['--portico-color-text', '--portico-color-background', 'Text on background'],
  ['--portico-color-text-muted', '--portico-color-surface', 'Muted text on surface'],
  ['--portico-color-text-muted', '--portico-color-background', 'Muted text on background'],
  ['--portico-color-on-primary', '--portico-color-primary', 'Button text on primary'],
  ['--portico-color-primary', '--portico-color-surface', 'Primary (links) on surface'],
  ['--portico-color-danger', '--portico-color-surface', 'Error text on surface'],
  ['--portico-color-success', '--portico-color-surface', 'Success text on surface'],
];

export const MINIMUM = 4.5;

let context;
/** Any CSS colour as `[r, g, b, alpha]` (0–255, alpha 0–1), or null when the browser does not take it. */
export function rgba(value) {
  if (!CSS.supports('color', value)) return null;
  context ??= document.createElement('canvas').getContext('2d');
  context.fillStyle = '#000';
  context.fillStyle = value;
  const normal = context.fillStyle; // '#rrggbb' or 'rgba(r, g, b, a)'
  if (normal.startsWith('#')) {
    return [1, 3, 5].map((i) => parseInt(normal.slice(i, i + 2), 16)).concat(1);
  }
  const parts = normal.match(/[\d.]+/g)?.map(Number);
  return parts && parts.length >= 3 ? [parts[0], parts[1], parts[2], parts[3] ?? 1] : null;
}

/** `#rrggbb` for a colour picker (alpha dropped), or null. */
export function toHex(value) {
  const colour = rgba(value);
  return colour
    ? `#${colour
        .slice(0, 3)
        .map((c) => c.toString(16).padStart(2, '0'))
        .join('')}`
    : null;
}

function luminance([r, g, b]) {
  const channel = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The contrast ratio of two colours (1–21), or null when either is not a colour. */
export function contrastRatio(foreground, background) {
  const fg = rgba(foreground);
  const bg = rgba(background);
  if (!fg || !bg) return null;
  const [light, dark] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}
