// Every --portico-* token a component reads must be defined by every theme in themes/, so a preset
// never leaves a component with an unset colour or size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'generated' ? [] : sourceFiles(full);
    return entry.endsWith('.ts') && !entry.endsWith('.test.ts') ? [full] : [];
  });
}

/** Tokens read with var(--portico-…) in a text, mapped to the first file that reads them. */
export function readTokens(files: string[]): Map<string, string> {
  const read = new Map<string, string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(/var\(\s*(--portico-[a-z0-9-]+)/g)) {
      if (!read.has(match[1]!)) read.set(match[1]!, path.relative(root, file));
    }
  }
  return read;
}

/** Tokens a theme file declares (`--portico-x: …;`). */
export function definedTokens(css: string): Set<string> {
  return new Set([...css.matchAll(/(--portico-[a-z0-9-]+)\s*:/g)].map((match) => match[1]!));
}

const themeFiles = readdirSync(path.join(root, 'themes')).filter((file) => file.endsWith('.css'));
const read = readTokens(sourceFiles(path.join(root, 'packages/elements/src')));

test('the components read tokens at all (the scan works)', () => {
  assert.ok(read.has('--portico-color-primary'), 'no var(--portico-color-primary) found in packages/elements/src');
});

test('the presets are there', () => {
  for (const preset of ['light', 'dark', 'high-contrast']) assert.ok(themeFiles.includes(`${preset}.css`), preset);
  assert.ok(themeFiles.filter((file) => file.startsWith('brand-')).length >= 2, 'two brand examples');
});

for (const file of themeFiles) {
  test(`themes/${file} defines every token a component reads`, () => {
    const defined = definedTokens(readFileSync(path.join(root, 'themes', file), 'utf8'));
    const missing = [...read].filter(([token]) => !defined.has(token)).map(([token, by]) => `${token} (read by ${by})`);
    assert.deepEqual(missing, [], `themes/${file} misses ${missing.join(', ')}`);
  });
}

test('a missing token is caught', () => {
  const defined = definedTokens(':root { --portico-color-text: #000; }');
  assert.ok(!defined.has('--portico-color-primary'));
  assert.ok(defined.has('--portico-color-text'));
});
