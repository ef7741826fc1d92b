// Finds the Chromium that component and end-to-end tests drive; test tools never download their own.
import { existsSync } from 'node:fs';

export function findChrome() {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  const found = candidates.find((path) => path && existsSync(path));
  if (!found) {
    throw new Error(
      'No Chromium found for the browser tests. Install one (Debian/Ubuntu: `apt-get update && apt-get install -y chromium`) ' +
        'or set CHROME_PATH to a Chrome or Chromium executable.',
    );
  }
  return found;
}

/** Flags for a headless Chromium on a machine with a closed network. */
export const chromeArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
