// `npm run manifest`: writes packages/elements/custom-elements.json, the custom-elements manifest of the elements'
// public API, made by @custom-elements-manifest/analyzer from the classes and their JSDoc (what it reads and keeps:
// custom-elements-manifest.config.mjs). `npm run manifest -- --check` writes nothing and fails when the committed
// manifest differs from what the code says now, e.g. after a public property was added; `npm run lint` runs it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { create, ts } from '@custom-elements-manifest/analyzer';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';
import * as prettier from 'prettier';
import config, { packageDir } from '../custom-elements-manifest.config.mjs';

export const manifestFile = path.join(packageDir, 'custom-elements.json');

/**
 * The manifest as the code says it now, formatted as Prettier formats the repository. `sources` replaces the text of
 * source files (by path in the package, `src/…`), for tests.
 */
export async function generateManifest(sources = {}) {
  const modules = config
    .overrideModuleCreation({ ts })
    .map((module) =>
      module.fileName in sources
        ? ts.createSourceFile(module.fileName, sources[module.fileName], ts.ScriptTarget.ES2022, true)
        : module,
    );
  const manifest = create({ modules, plugins: [...litPlugin(), ...config.plugins], context: { dev: false } });
  const options = await prettier.resolveConfig(manifestFile);
  return prettier.format(JSON.stringify(manifest, null, 2), { ...options, filepath: manifestFile });
}

/** The public elements whose entries differ between two manifests, by tag (for a message that says what changed). */
export function changedElements(before, after) {
  const byTag = (text) => {
    const elements = new Map();
    for (const mod of JSON.parse(text).modules ?? []) {
      for (const declaration of mod.declarations ?? []) elements.set(declaration.tagName, JSON.stringify(declaration));
    }
    return elements;
  };
  const old = byTag(before);
  const now = byTag(after);
  return [...new Set([...old.keys(), ...now.keys()])].filter((tag) => old.get(tag) !== now.get(tag)).sort();
}

async function main() {
  const check = process.argv.includes('--check');
  const fresh = await generateManifest();
  const relative = path.relative(process.cwd(), manifestFile);
  if (!check) {
    writeFileSync(manifestFile, fresh);
    console.log(`wrote ${relative}`);
    return;
  }
  const committed = existsSync(manifestFile) ? readFileSync(manifestFile, 'utf8') : '';
  if (committed === fresh) {
    console.log(`${relative} is up to date`);
    return;
  }
  const changed = committed ? changedElements(committed, fresh) : [];
  console.error(
    `${relative} is out of date${changed.length > 0 ? ` (${changed.map((tag) => `<${tag}>`).join(', ')})` : ''}: ` +
      'an element’s public API changed. Run `npm run manifest` and commit the result.',
  );
  process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
