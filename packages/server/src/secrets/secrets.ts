import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * Secrets at rest: values Portico must be able to read back but that must not lie in the database in clear
 * (tenants' signing keys and SMTP passwords today, see stored.ts; webhook secrets and sealing certificates when they
 * come). They are sealed with AES-256-GCM under `PORTICO_SECRET_KEY` into one text:
 *
 *     v1.<key id>.<iv>.<ciphertext>.<tag>        (base64url parts)
 *
 * `v1` is the format, the key id names the key that sealed it (so `PORTICO_SECRET_KEY_PREVIOUS` can still open
 * values of the key before a rotation), and the `context` (e.g. the row a value belongs to) is bound in as
 * additional data, so a sealed value copied into another row does not open there.
 */
const FORMAT = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export interface SecretKey {
  /** Short public fingerprint of the key, written into every value it seals. */
  id: string;
  key: Buffer;
}

export interface SecretKeyring {
  /** Seals new values. */
  current: SecretKey;
  /** Open only: keys of before a rotation. */
  previous: SecretKey[];
}

/** A sealed value that cannot be opened: wrong or missing key, altered value, or not a sealed value at all. */
export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

export function secretKey(key: Buffer): SecretKey {
  if (key.length !== KEY_BYTES) throw new SecretKeyError(`a secret key has ${KEY_BYTES} bytes, got ${key.length}`);
  const id = createHash('sha256').update('portico secret key id\0').update(key).digest('base64url').slice(0, 10);
  return { id, key };
}

export function secretKeyring(current: Buffer, previous: Buffer[] = []): SecretKeyring {
  return { current: secretKey(current), previous: previous.map(secretKey) };
}

/** A new random key as PORTICO_SECRET_KEY takes it (base64, 32 bytes). */
export function generateSecretKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/**
 * Reads a key as written in PORTICO_SECRET_KEY: 32 bytes in base64 (or base64url) or 64 hexadecimal digits.
 * Throws a SecretKeyError that names `name` and says what is wrong.
 */
export function parseSecretKey(raw: string, name: string): Buffer {
  const value = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(value)
    ? Buffer.from(value, 'hex')
    : /^[A-Za-z0-9+/_-]{43}={0,1}$/.test(value)
      ? Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
      : undefined;
  if (!key || key.length !== KEY_BYTES) {
    throw new SecretKeyError(
      `${name} must be 32 random bytes in base64 (44 characters) or hex (64 digits); make one with ` +
        `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
    );
  }
  return key;
}

/** Seals `plaintext` under the keyring's current key, bound to `context`. */
export function sealSecret(keyring: SecretKeyring, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT, keyring.current.id, iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** The id of the key that sealed `sealed`, or undefined when it is not a sealed value. */
export function sealedKeyId(sealed: string): string | undefined {
  const parts = sealed.split('.');
  return parts.length === 5 && parts[0] === FORMAT ? parts[1] : undefined;
}

/** Opens a value `sealSecret` made with this `context`; throws a SecretKeyError that says why it cannot. */
export function openSecret(keyring: SecretKeyring, sealed: string, context: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== FORMAT) {
    throw new SecretKeyError(`${context} is not a sealed secret of format ${FORMAT}`);
  }
  const [, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  const key = [keyring.current, ...keyring.previous].find((candidate) => candidate.id === keyId);
  if (!key) {
    throw new SecretKeyError(
      `${context} is sealed with secret key ${keyId}, which is neither PORTICO_SECRET_KEY (${keyring.current.id})` +
        ` nor one of PORTICO_SECRET_KEY_PREVIOUS: wrong secret key?`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretKeyError(`${context} does not open with secret key ${keyId}: the stored value was altered`);
  }
}

/**
 * Carries the keyring with a Kysely instance, into its transactions too, so domain code that gets a database
 * handle can seal and open secrets (`secretsOf(db)`). It changes no query.
 */
class SecretsPlugin implements KyselyPlugin {
  constructor(readonly keyring: SecretKeyring) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/**
 * The database handle with the keyring (`openDatabase` does this with the configured one). Kysely's
 * `withoutPlugins()` drops it again.
 */
export function withSecrets<DB>(db: Kysely<DB>, keyring: SecretKeyring): Kysely<DB> {
  return db.withPlugin(new SecretsPlugin(keyring));
}

/** The keyring of the database handle (the last `withSecrets` wins); throws when it has none. */
export function secretsOf<DB>(db: Kysely<DB>): SecretKeyring {
  const plugins = db.getExecutor().plugins;
  for (let i = plugins.length - 1; i >= 0; i--) {
    const plugin = plugins[i];
    if (plugin instanceof SecretsPlugin) return plugin.keyring;
  }
  throw new SecretKeyError('no secret key: the database was opened without PORTICO_SECRET_KEY (openDatabase secrets)');
}
