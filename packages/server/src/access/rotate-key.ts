import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { rotateSigningKey } from './keys.ts';
import { loadSecretKeyring } from '../secrets/secret-key.ts';

/**
 * `npm run rotate-key -- <tenant>`: retires the tenant's signing key and makes a new one. Tokens signed with
 * the old key keep verifying until they expire. With the embedded database, stop the server first (one process
 * at a time may open it); a running server on PostgreSQL picks up the new key within 30 seconds.
 */
export async function rotateKeyCommand(args: string[]): Promise<number> {
  const tenant = args[0];
  if (!tenant) {
    process.stderr.write('usage: npm run rotate-key -- <tenant>\n');
    return 2;
  }
  let database;
  try {
    const config = loadConfig();
    database = await openDatabase(config.database, { secrets: await loadSecretKeyring(process.env, config) });
  } catch (error) {
    process.stderr.write(`portico: cannot rotate key: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  try {
    const { kid, retired } = await rotateSigningKey(database.db, tenant);
    process.stdout.write(
      `tenant ${tenant}: new signing key ${kid}` +
        (retired.length ? `; retired ${retired.join(', ')} (verifies until its tokens expire)` : '') +
        '\n',
    );
    return 0;
  } catch (error) {
    process.stderr.write(`portico: cannot rotate key: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await rotateKeyCommand(process.argv.slice(2));
}
