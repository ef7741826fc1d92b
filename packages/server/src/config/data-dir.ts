import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { ConfigError } from './config.ts';

/** Makes sure the data directory exists and is writable, or explains which path is the problem. */
export async function ensureWritableDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(
      `data directory ${dir} is not writable (${code}); set PORTICO_DATA_DIR to a writable directory`,
    );
  }
}
