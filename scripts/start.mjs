// `npm start`: builds the browser bundle when it is missing, then runs the server (TypeScript through tsx).
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';

if (!existsSync('dist/.vite/manifest.json')) {
  process.stderr.write('Building the browser bundle (first start only)…\n');
  const { build } = await import('vite');
  await build({ logLevel: 'warn' });
}
const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
