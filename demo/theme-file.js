// Theme files (the format of themes/*.css): reading, checking and writing them, and the token groups the
// playground's editor shows. A theme file declares `--portico-*` tokens (and optionally its own primitives that
// the tokens refer to with var()) inside `@layer portico.theme { :root { … } }`.

/** The editor's groups, in order: a token belongs to the first group whose test matches its name. */
export const GROUPS = [
  { id: 'colours', label: 'Colours', test: (name) => name.startsWith('--portico-color-') },
  { id: 'typography', label: 'Typography', test: (name) => /^--portico-(font|line-height)/.test(name) },
  { id: 'spacing', label: 'Spacing', test: (name) => name.startsWith('--portico-space-') },
  { id: 'radii', label: 'Radii', test: (name) => name.startsWith('--portico-radius-') },
  { id: 'shadows', label: 'Shadows', test: (name) => name.startsWith('--portico-shadow-') },
  { id: 'focus', label: 'Focus ring', test: (name) => name.startsWith('--portico-focus-') },
];

export function groupOf(name) {
  return GROUPS.find((group) => group.test(name))?.id ?? null;
}

export function isColourToken(name) {
  return groupOf(name) === 'colours';
}

/** `--portico-color-text-muted` → `Text muted`. */
export function tokenLabel(name) {
  const rest = name.replace(/^--portico-(color-)?/, '').replace(/-/g, ' ');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** Every custom property declaration in the file, in order (comments removed). */
function declarations(text) {
  const found = new Map();
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const match of withoutComments.matchAll(/(--[A-Za-z0-9_-]+)\s*:\s*([^;{}]*?)\s*(?:;|(?=}))/g)) {
    found.set(match[1], match[2]);
  }
  return found;
}

/**
 * The file's `--portico-*` tokens with the file's own primitives substituted (`var(--harbour-ink)` → `#10292b`);
 * references to other `--portico-*` tokens stay, so they keep following the token they name.
 */
export function parseTheme(text) {
  const all = declarations(text);
  const resolve = (value, depth = 0) =>
    depth > 10
      ? value
      : value.replace(/var\(\s*(--[A-Za-z0-9_-]+)\s*(?:,\s*([^()]*))?\)/g, (whole, name, fallback) => {
          if (name.startsWith('--portico-')) return whole;
          if (all.has(name)) return resolve(all.get(name), depth + 1);
          return fallback ?? whole;
        });
  const tokens = new Map();
  for (const [name, value] of all) if (name.startsWith('--portico-')) tokens.set(name, resolve(value));
  return tokens;
}

/** A token's value with `var(--portico-…)` references followed through `tokens` (for colour pickers). */
export function resolvedValue(tokens, name, depth = 0) {
  const value = tokens.get(name) ?? '';
  if (depth > 10) return value;
  return value.replace(/var\(\s*(--portico-[A-Za-z0-9_-]+)\s*\)/g, (_, ref) => resolvedValue(tokens, ref, depth + 1));
}

/** Why a value cannot go into a theme file, or null when it can. */
export function valueProblem(name, value) {
  if (!value.trim()) return 'is empty';
  if (/[;{}<>]/.test(value)) return 'contains one of ; { } < >';
  if (isColourToken(name) && !CSS.supports('color', value) && !/^var\(--portico-[a-z-]+\)$/.test(value.trim())) {
    return `"${value}" is not a CSS colour`;
  }
  return null;
}

/**
 * Checks an imported file against the preset's tokens: every token must be there with a usable value.
 * Returns `{ tokens, problems }`; the caller falls back to the preset when there are problems.
 */
export function checkTheme(text, expected) {
  const tokens = parseTheme(text);
  const problems = [];
  if (tokens.size === 0) problems.push('it declares no --portico-* tokens');
  else {
    for (const name of expected) {
      if (!tokens.has(name)) problems.push(`${name} is missing`);
      else {
        const problem = valueProblem(name, resolvedValue(tokens, name));
        if (problem) problems.push(`${name} ${problem}`);
      }
    }
  }
  return { tokens, problems };
}

/** The theme as a file in the format of themes/*.css. */
export function serializeTheme(tokens, startingPoint) {
  const lines = [...tokens].map(([name, value]) => `    ${name}: ${value};`);
  return `/* Portico theme made in the designer playground (starting point: ${startingPoint}).
   It lives in the \`portico.theme\` layer so any later, unlayered stylesheet of yours wins. */
@layer portico.theme {
  :root {
${lines.join('\n')}
  }
}
`;
}
