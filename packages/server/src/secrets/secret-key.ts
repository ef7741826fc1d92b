import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../config/config.ts';
import type { DatabaseTarget } from '../db/database.ts';
import { generateSecretKey, parseSecretKey, secretKeyring, SecretKeyError, type SecretKeyring } from './secrets.ts';

/** The file that keeps the embedded database's secret key when PORTICO_SECRET_KEY is unset. */
export const SECRET_KEY_FILE = 'secret.key';

/**
 * The keyring that seals secrets at rest: PORTICO_SECRET_KEY (plus the keys of before a rotation in
 * PORTICO_SECRET_KEY_PREVIOUS, comma-separated). Required with PostgreSQL (DATABASE_URL), where every instance must
 * share it; for the embedded database it defaults to `secret.key` in the data directory, made on first start with
 * permissions 0600. Throws ConfigError with one clear sentence.
 */
export async function loadSecretKeyring(
  env: NodeJS.ProcessEnv,
  options: { dataDir: string; database: DatabaseTarget },
): Promise<SecretKeyring> {
  const previous = (env.PORTICO_SECRET_KEY_PREVIOUS ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean)
    .map((value) => parsed(value, 'PORTICO_SECRET_KEY_PREVIOUS'));
  const configured = env.PORTICO_SECRET_KEY?.trim();
  if (configured) return secretKeyring(parsed(configured, 'PORTICO_SECRET_KEY'), previous);
  if (options.database.kind === 'postgres') {
    throw new ConfigError(
      'PORTICO_SECRET_KEY is required with DATABASE_URL (every instance needs the same key to read the secrets ' +
        'stored in the database); make one with ' +
        `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
    );
  }
  return secretKeyring(await keyFile(path.join(options.dataDir, SECRET_KEY_FILE)), previous);
}

function parsed(value: string, name: string): Buffer {
  try {
    return parseSecretKey(value, name);
  } catch (error) {
    throw new ConfigError((error as SecretKeyError).message);
  }
}

/** Reads the key file, or makes it (0600) when there is none. */
async function keyFile(file: string): Promise<Buffer> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${generateSecretKey()}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new ConfigError(`cannot write the secret key file ${file} (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  const info = await stat(file);
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new ConfigError(
      `the secret key file ${file} may be read by other users (mode ${(info.mode & 0o777).toString(8)}); chmod 600 it`,
    );
  }
  return parsed((await readFile(file, 'utf8')).trim(), file);
}
