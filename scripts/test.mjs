// `npm test`: every test in one command. Groups: unit (Node: core and server, on PGlite and, with
// PORTICO_TEST_DATABASE_URL, PostgreSQL), components (web-test-runner in Chromium), e2e (real server
// driven by playwright-core). `npm test -- server` or `node scripts/test.mjs e2e` runs one group.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { findChrome } from './chrome.mjs';
import { FAILURES_FILE } from './wtr-failures-reporter.mjs';

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
/** Lines for the final summary: the failed (or flaky) component tests by name, which the long log buries. */
const notes = [];
function run(name, command, args) {
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return result.status === 0;
}

/** The component test files that failed in the last web-test-runner run, with their failed tests. */
function componentFailures() {
  if (!existsSync(FAILURES_FILE)) return [];
  return JSON.parse(readFileSync(FAILURES_FILE, 'utf8'));
}

const describeFailures = (list) =>
  list.flatMap(({ file, tests, errors }) => [
    `  ${file}`,
    ...tests.map((test) => `    ✗ ${test.name}: ${test.error.split('\n')[0]}`),
    ...errors.map((error) => `    ✗ ${error.split('\n')[0]}`),
  ]);

/**
 * Component tests. A file that fails is run once more on its own (a fresh browser page and server) to tell a
 * broken feature, which fails again, from a timing-dependent test, which passes then. Either fails the run: a
 * flaky test is a bug to fix, not a pass. The summary names each test under "Failed" or "Flaky".
 */
function runComponentTests() {
  const wtr = ['web-test-runner', '--config', 'web-test-runner.config.mjs'];
  rmSync(FAILURES_FILE, { force: true });
  if (run('component tests (Chromium)', 'npx', wtr)) return;
  const first = componentFailures();
  if (first.length === 0) {
    failures.push('component tests (Chromium)');
    return;
  }
  const files = first.map((failure) => failure.file);
  if (run('component tests that failed, once more (Chromium)', 'npx', [...wtr, '--files', ...files])) {
    failures.push('component tests (Chromium): flaky');
    notes.push(
      'Flaky component tests (failed, then passed when their file ran again; a flaky test fails the run — fix it):',
      ...describeFailures(first),
    );
    return;
  }
  failures.push('component tests (Chromium)');
  notes.push('Failed component tests (failed twice):', ...describeFailures(componentFailures()));
}

for (const group of wanted) {
  if (group === 'unit') {
    const files = [...findTests('packages/core/src'), ...findTests('packages/server/src'), ...findTests('scripts')];
    const passed = run('unit and server tests (Node)', process.execPath, [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      ...files,
    ]);
    if (!passed) failures.push('unit and server tests (Node)');
  } else if (group === 'components') {
    runComponentTests();
  } else {
    const passed = run('end-to-end tests (server + Chromium)', process.execPath, [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      ...findTests('test/e2e'),
    ]);
    if (!passed) failures.push('end-to-end tests (server + Chromium)');
  }
}
if (notes.length > 0) console.log(`\n${notes.join('\n')}`);
if (failures.length > 0) {
  console.error(`\nFailed: ${failures.join(', ')}`);
  process.exit(1);
}
console.log('\nAll test groups passed.');
