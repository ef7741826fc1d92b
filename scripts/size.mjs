// `npm run size`: min+gzip bytes per entry, counting every chunk the entry loads statically
// (lazily imported chunks load later and are not counted). Fails when a budget is exceeded.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';

const budgets = {
  'portico-signup': 45 * 1024,
  'portico-portal': 55 * 1024,
  'portico-embed': 3 * 1024,
};

const manifestPath = 'dist/.vite/manifest.json';
if (!existsSync(manifestPath)) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));

function staticClosure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key].imports ?? []) staticClosure(dep, seen);
  return seen;
}

function minGzipBytes(file) {
  const code = readFileSync(`dist/${file}`, 'utf8');
  const minified = transformSync(code, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' }).code;
  return gzipSync(minified, { level: 9 }).length;
}

let failed = false;
for (const [key, chunk] of Object.entries(manifest)) {
  if (!chunk.isEntry) continue;
  const name = chunk.name;
  const files = [...staticClosure(key)].map((k) => manifest[k].file);
  const bytes = files.reduce((sum, file) => sum + minGzipBytes(file), 0);
  const budget = budgets[name];
  const verdict = budget === undefined ? 'no budget' : bytes <= budget ? 'ok' : 'OVER BUDGET';
  if (budget !== undefined && bytes > budget) failed = true;
  console.log(
    JSON.stringify({
      name: `size_${name}`,
      value: bytes,
      unit: 'bytes',
      budget: budget ?? null,
      files: files.length,
      verdict,
    }),
  );
}
for (const name of Object.keys(budgets)) {
  if (!Object.values(manifest).some((chunk) => chunk.isEntry && chunk.name === name)) {
    console.error(`entry ${name} is missing from the build`);
    failed = true;
  }
}
if (failed) {
  console.error('size budget exceeded (see the lines marked OVER BUDGET)');
  process.exit(1);
}
