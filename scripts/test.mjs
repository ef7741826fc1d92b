// `npm test`: every test in one command. Groups: unit (Node: core and server, on PGlite and, with
// PORTICO_TEST_DATABASE_URL, PostgreSQL), components (web-test-runner in Chromium), e2e (real server
// driven by playwright-core). `npm test -- server` or `node scripts/test.mjs e2e` runs one group.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { findChrome } from './chrome.mjs';

const groups = process.argv.slice(2).map((group) => (group === 'server' ? 'unit' : group));
const wanted = groups.length > 0 ? groups : ['unit', 'components', 'e2e'];
const unknown = wanted.filter((group) => !['unit', 'components', 'e2e'].includes(group));
if (unknown.length > 0) {
  console.error(`unknown test group ${unknown.join(', ')}: use unit, server, components or e2e`);
  process.exit(2);
}

function findTests(dir, results = []) {
  if (!existsSync(dir)) return results;
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (entry === 'node_modules' || entry === 'dist') continue;
    if (statSync(full).isDirectory()) findTests(full, results);
    else if (entry.endsWith('.test.ts')) results.push(full);
  }
  return results.sort();
}

if (wanted.includes('components') || wanted.includes('e2e')) {
  try {
    process.env.CHROME_PATH = findChrome();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
if (wanted.includes('e2e') && !existsSync('dist/.vite/manifest.json')) {
  console.log('Building the browser bundle for the end-to-end tests…');
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const failures = [];
function run(name, command, args) {
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) failures.push(name);
}

for (const group of wanted) {
  if (group === 'unit') {
    const files = [...findTests('packages/core/src'), ...findTests('packages/server/src'), ...findTests('scripts')];
    run('unit and server tests (Node)', process.execPath, [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      ...files,
    ]);
  } else if (group === 'components') {
    run('component tests (Chromium)', 'npx', ['web-test-runner', '--config', 'web-test-runner.config.mjs']);
  } else {
    run('end-to-end tests (server + Chromium)', process.execPath, [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      ...findTests('test/e2e'),
    ]);
  }
}
if (failures.length > 0) {
  console.error(`\nFailed: ${failures.join(', ')}`);
  process.exit(1);
}
console.log('\nAll test groups passed.');
