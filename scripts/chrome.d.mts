/** Path of the Chromium for browser tests: CHROME_PATH or a system Chromium; throws how to install one. */
export function findChrome(): string;
/** Flags for a headless Chromium on a machine with a closed network. */
export const chromeArgs: string[];
