/** CSS colours as merchants write them (hex, rgb(), hsl()), checked and measured for contrast. */

export type Rgb = [number, number, number];

const number = String.raw`[+-]?(?:\d+\.?\d*|\.\d+)`;
const hexPattern = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const functionPattern = new RegExp(
  String.raw`^(rgb|hsl)a?\(\s*(${number})(deg|%)?\s*[,\s]\s*(${number})(%)?\s*[,\s]\s*(${number})(%)?\s*\)$`,
  'i',
);

/**
 * An opaque CSS colour in one of the forms `#rgb`, `#rrggbb`, `rgb(r g b)`, `rgb(r, g, b)`, `hsl(h s% l%)`
 * (and their comma forms; `rgba`/`hsla` without an alpha value): its normalised CSS text and sRGB value.
 * Null for anything else (names, alpha, `var()`, expressions), so no arbitrary text reaches a stylesheet.
 */
export function parseColour(value: unknown): { css: string; rgb: Rgb } | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const hex = hexPattern.exec(text);
  if (hex) {
    const digits = hex[1]!.length === 3 ? [...hex[1]!].map((d) => d + d).join('') : hex[1]!;
    const rgb: Rgb = [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as Rgb;
    return { css: `#${digits.toLowerCase()}`, rgb };
  }
  const fn = functionPattern.exec(text);
  if (!fn) return null;
  const [, kind, a, aUnit, b, bUnit, c, cUnit] = fn;
  const x = Number(a);
  const y = Number(b);
  const z = Number(c);
  let rgb: Rgb;
  if (kind!.toLowerCase() === 'rgb') {
    const channel = (v: number, percent: string | undefined) => (percent ? (v / 100) * 255 : v);
    if (aUnit === 'deg') return null;
    rgb = [channel(x, aUnit), channel(y, bUnit), channel(z, cUnit)];
    if (rgb.some((v) => v < 0 || v > 255)) return null;
  } else {
    if (aUnit === '%' || !bUnit || !cUnit || y < 0 || y > 100 || z < 0 || z > 100) return null;
    rgb = hslToRgb(x, y / 100, z / 100);
  }
  const rounded = rgb.map((v) => Math.round(v)) as Rgb;
  return { css: `rgb(${rounded.join(' ')})`, rgb: rounded };
}

function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const h = (((hue % 360) + 360) % 360) / 30;
  const a = saturation * Math.min(lightness, 1 - lightness);
  const f = (n: number) => {
    const k = (n + h) % 12;
    return (lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))) * 255;
  };
  return [f(0), f(8), f(4)];
}

/** WCAG relative luminance of an sRGB colour. */
export function luminance([r, g, b]: Rgb): number {
  const linear = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio of two colours (1 … 21). */
export function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
