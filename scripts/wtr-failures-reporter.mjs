// A web-test-runner reporter that writes which tests failed (file, suite path, error) to a JSON file, so
// `npm test` can name them in its final summary, after the long log, and run a failed file once more.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const FAILURES_FILE = 'test-results/component-failures.json';

function failedTests(suite, trail = []) {
  if (!suite) return [];
  const here = suite.name ? [...trail, suite.name] : trail;
  return [
    ...suite.tests
      .filter((test) => !test.passed && !test.skipped)
      .map((test) => ({ name: [...here, test.name].join(' › '), error: test.error?.message ?? '' })),
    ...suite.suites.flatMap((child) => failedTests(child, here)),
  ];
}

/** Records the failures of the last test run in `file` (an empty list when everything passed). */
export function failuresReporter({ file = FAILURES_FILE } = {}) {
  return {
    onTestRunFinished({ sessions }) {
      const failures = sessions
        .filter((session) => !session.passed)
        .map((session) => ({
          file: path.relative(process.cwd(), session.testFile),
          tests: failedTests(session.testResults),
          errors: session.errors.map((error) => error.message),
        }));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(failures, null, 2));
    },
  };
}
