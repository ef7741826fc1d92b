import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { loadSecretKeyring } from './secret-key.ts';
import { resealSecrets } from './stored.ts';

/**
 * `npm run rotate-secret-key`: after PORTICO_SECRET_KEY was changed (the old one in PORTICO_SECRET_KEY_PREVIOUS),
 * seals every stored secret again under the new key, so the old one can be dropped. Running it again reseals
 * nothing. With the embedded database, stop the server first (one process at a time may open it).
 */
export async function rotateSecretKeyCommand(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const config = loadConfig(env);
    const secrets = await loadSecretKeyring(env, config);
    const database = await openDatabase(config.database, { secrets });
    try {
      const { signingKeys, smtpPasswords, webhookSecrets } = await resealSecrets(database.db);
      process.stdout.write(
        `secret key ${secrets.current.id}: resealed ${signingKeys} signing key${signingKeys === 1 ? '' : 's'}, ` +
          `${smtpPasswords} SMTP password${smtpPasswords === 1 ? '' : 's'} and ` +
          `${webhookSecrets} webhook endpoint${webhookSecrets === 1 ? '' : 's'}; ` +
          'every stored secret is now sealed with it, PORTICO_SECRET_KEY_PREVIOUS may be removed\n',
      );
      return 0;
    } finally {
      await database.close();
    }
  } catch (error) {
    process.stderr.write(
      `portico: cannot rotate the secret key: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await rotateSecretKeyCommand();
}
