// `npm start`: builds the browser bundle when it is missing, then runs the server (TypeScript through tsx).
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';

if (!existsSync('dist/.vite/manifest.json')) {
  process.stderr.write(
    'First start: building the browser bundle (signup, portal, embed loader) into dist/ with Vite — ' +
      'about half a minute, longer on a busy machine; later starts skip this…\n',
  );
  const started = Date.now();
  const { build } = await import('vite');
  await build({ logLevel: 'warn' });
  process.stderr.write(`Built in ${Math.round((Date.now() - started) / 1000)} s; starting Portico…\n`);
}
const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
