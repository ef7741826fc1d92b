// `npm start`: builds what is missing or out of date — the browser bundle (dist/, Vite) and the compiled server
// (packages/server/dist/main.js, esbuild) — then runs the server with plain `node`, no TypeScript at run time.
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { buildServer, serverBuildStale, serverEntry } from './build-server.mjs';

if (!existsSync('dist/.vite/manifest.json')) {
  // Measured on a busy two-core machine: the build 1–3 s, seeding the demo into a new ./data some 25 s.
  process.stderr.write(
    'First start: building the browser bundle (signup, portal, embed loader) into dist/ with Vite, a few ' +
      'seconds; then the server seeds the demo merchant (a year of signups and billing) into ./data, about half ' +
      'a minute. Later starts skip both…\n',
  );
  const started = Date.now();
  const { build } = await import('vite');
  await build({ logLevel: 'warn' });
  process.stderr.write(`Built in ${Math.round((Date.now() - started) / 1000)} s; starting Portico…\n`);
}
// Under a second; rebuilt whenever a server or core source is newer than the compiled server.
if (serverBuildStale()) await buildServer();
const child = spawn(process.execPath, [serverEntry], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
