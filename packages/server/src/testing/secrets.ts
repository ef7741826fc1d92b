import { parseSecretKey, secretKeyring, type SecretKeyring } from '../secrets/secrets.ts';

/**
 * The tests' PORTICO_SECRET_KEY: one fixed key, so the seeded demo copies (cached across runs) and the servers the
 * component and end-to-end tests start on them can read the signing keys they hold. Never use it outside tests.
 */
export const TEST_SECRET_KEY = 'dGVzdHMgb25seTogcG9ydGljbyBzZWNyZXQga2V5ISE=';

export function testSecrets(): SecretKeyring {
  return secretKeyring(parseSecretKey(TEST_SECRET_KEY, 'TEST_SECRET_KEY'));
}
