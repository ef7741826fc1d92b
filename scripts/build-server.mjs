// `npm run build` (and `npm start` when packages/server/dist/ is missing or older than the sources): compiles the server
// (packages/server/src/main.ts and the @portico/* workspace sources it imports) into one ES module,
// packages/server/dist/main.js, which `npm start` runs with plain `node`, no TypeScript compiler at run time.
// npm packages stay outside the bundle (PGlite loads its wasm and data files next to its own module; jsdom,
// pdfkit and fontkit read files of their own), resolved from node_modules as before — from
// packages/server/, whose own node_modules hold the versions the server needs (ajv 8, where the root has eslint's
// ajv 6).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const serverEntry = path.join(root, 'packages', 'server', 'dist', 'main.js');
/** What the compiled server is made of: a newer file here makes it stale. */
const sourceDirs = ['packages/server/src', 'packages/core/src'].map((dir) => path.join(root, dir));

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(file).mtimeMs);
    }
  }
  return newest;
}

/** Whether packages/server/dist/main.js is missing or older than a server or core source file. */
export function serverBuildStale() {
  let built;
  try {
    built = statSync(serverEntry).mtimeMs;
  } catch {
    return true;
  }
  return sourceDirs.some((dir) => newestSource(dir) > built);
}

/** The workspace packages are TypeScript sources: bundled. Every other package stays an import. */
const workspaceSources = {
  name: 'portico-workspaces',
  setup(build) {
    build.onResolve({ filter: /^@portico\/core$/ }, () => ({ path: path.join(root, 'packages/core/src/index.ts') }));
  },
};

export async function buildServer() {
  await esbuild.build({
    entryPoints: [path.join(root, 'packages/server/src/main.ts')],
    outfile: serverEntry,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    plugins: [workspaceSources],
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServer();
}
