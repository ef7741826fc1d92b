import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { precompress } from '../../../../scripts/vite-compress.mjs';

/** A small build as `vite build` lays it out: entries at the top, hashed chunks under `chunks/`, the manifest. */
export interface FixtureDist {
  dir: string;
  /** The signup entry's static imports, direct and indirect (what its page must preload). */
  signupImports: string[];
  /** A chunk the signup entry imports lazily (`import()`): not preloaded. */
  lazyChunk: string;
}

// Text that compresses well but not to nothing: some repetition, some variety.
const code = (name: string, imports: string[]) =>
  imports.map((file) => `import './${file}';`).join('\n') +
  '\n' +
  Array.from({ length: 200 }, (_, i) => `export const ${name}${i} = ${JSON.stringify(`${name}-${i * 7919}`)};`).join(
    '\n',
  );

/**
 * Writes a fixture `dist/` (compressed by the build's own step, `scripts/vite-compress.mjs`) into a fresh temporary
 * directory: `portico-signup.js` imports `chunks/lit-…` and `chunks/field-…`, which imports `chunks/base-…`;
 * `chunks/payment-…` is imported lazily; `portico-portal.js` imports `chunks/lit-…` only.
 */
export async function writeFixtureDist(): Promise<FixtureDist> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portico-dist-'));
  await mkdir(path.join(dir, 'chunks'));
  await mkdir(path.join(dir, '.vite'));
  const files: Record<string, string> = {
    'chunks/lit-Ab12Cd34.js': code('lit', []),
    'chunks/base-Ef56Gh78.js': code('base', []),
    'chunks/field-Ij90Kl12.js': code('field', ['base-Ef56Gh78.js']),
    'chunks/payment-Mn34Op56.js': code('payment', ['base-Ef56Gh78.js']),
    'portico-signup.js': `${code('signup', ['chunks/lit-Ab12Cd34.js', 'chunks/field-Ij90Kl12.js'])}\nimport('./chunks/payment-Mn34Op56.js');`,
    'portico-portal.js': code('portal', ['chunks/lit-Ab12Cd34.js']),
    'portico-embed.js': code('embed', []),
  };
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text);
  const manifest = {
    'packages/elements/src/portico-signup.ts': {
      file: 'portico-signup.js',
      name: 'portico-signup',
      isEntry: true,
      imports: ['_lit-Ab12Cd34.js', '_field-Ij90Kl12.js'],
      dynamicImports: ['_payment-Mn34Op56.js'],
    },
    'packages/elements/src/portico-portal.ts': {
      file: 'portico-portal.js',
      name: 'portico-portal',
      isEntry: true,
      imports: ['_lit-Ab12Cd34.js'],
    },
    'packages/embed/src/portico-embed.ts': { file: 'portico-embed.js', name: 'portico-embed', isEntry: true },
    '_lit-Ab12Cd34.js': { file: 'chunks/lit-Ab12Cd34.js', name: 'lit' },
    '_base-Ef56Gh78.js': { file: 'chunks/base-Ef56Gh78.js', name: 'base' },
    '_field-Ij90Kl12.js': { file: 'chunks/field-Ij90Kl12.js', name: 'field', imports: ['_base-Ef56Gh78.js'] },
    '_payment-Mn34Op56.js': {
      file: 'chunks/payment-Mn34Op56.js',
      name: 'payment',
      isDynamicEntry: true,
      imports: ['_base-Ef56Gh78.js'],
    },
  };
  await writeFile(path.join(dir, '.vite', 'manifest.json'), JSON.stringify(manifest));
  await precompress(dir, Object.keys(files));
  return {
    dir,
    signupImports: ['chunks/lit-Ab12Cd34.js', 'chunks/field-Ij90Kl12.js', 'chunks/base-Ef56Gh78.js'],
    lazyChunk: 'chunks/payment-Mn34Op56.js',
  };
}
