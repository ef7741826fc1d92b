import { sql, type Kysely } from 'kysely';

/**
 * Signing keys' private halves sealed at rest (`secrets/secrets.ts`): `private_jwk_sealed` holds the private JWK
 * sealed under PORTICO_SECRET_KEY, and `private_jwk` (the plaintext JWK) becomes optional; a row has exactly one of
 * the two. Migrations run without the secret key, so this one seals nothing: opening the database with the key
 * (`openDatabase`, every start) seals the rows that are still in plaintext and empties their `private_jwk`.
 */
const statements: string[] = [
  `alter table signing_keys add column private_jwk_sealed text`,
  `alter table signing_keys alter column private_jwk drop not null`,
  `alter table signing_keys add constraint signing_keys_private_once
    check (num_nonnulls(private_jwk, private_jwk_sealed) = 1)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ sealed: number }>`
    select count(*)::int as sealed from signing_keys where private_jwk is null`.execute(db);
  if ((rows[0]?.sealed ?? 0) > 0) {
    throw new Error('signing keys are sealed with PORTICO_SECRET_KEY; an older version cannot read them');
  }
  await sql.raw('alter table signing_keys drop constraint signing_keys_private_once').execute(db);
  await sql.raw('alter table signing_keys drop column private_jwk_sealed').execute(db);
  await sql.raw('alter table signing_keys alter column private_jwk set not null').execute(db);
}
