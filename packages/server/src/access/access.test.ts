import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { decodeProtectedHeader, importJWK, SignJWT, type JWK } from 'jose';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession } from '../testing/portal.ts';
import { createSelfServiceLink } from './links.ts';
import { rotateSigningKey } from './keys.ts';
import { SELF_SERVICE_TYP, SESSION_TYP, signToken, type SelfServiceClaims } from './tokens.ts';

describeEachDemoDatabase('self-service tokens', (database) => {
  let app: FastifyInstance;
  let contractId: string;
  const db = () => database().db;

  before(async () => {
    app = await testApp(database());
    const contract = await db()
      .selectFrom('contracts')
      .where('tenant_id', '=', 'demo')
      .where('contract_number', '=', '20001')
      .select('id')
      .executeTakeFirstOrThrow();
    contractId = contract.id;
  });
  after(() => app.close());

  const link = (options: { personId?: string; lifetimeSeconds?: number } = {}) =>
    createSelfServiceLink(db(), { tenantId: 'demo', contractId, ...options });
  const exchange = (token: string, tenant = 'demo') =>
    app.inject({ method: 'POST', url: `/api/portal/${tenant}/session`, payload: { token } });
  const refusal = async (token: string, tenant = 'demo') => {
    const response = await exchange(token, tenant);
    return { status: response.statusCode, code: (response.json() as { error?: { code: string } }).error?.code };
  };
  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as SelfServiceClaims;

  it('issues a link with the portal URL, language and expiry, and the token opens a session', async () => {
    const { token, url, expiresAt } = await createSelfServiceLink(db(), {
      tenantId: 'demo',
      contractId,
      language: 'fr',
      action: 'payment',
    });
    assert.match(url, /^http:\/\/localhost:\d+\/demo\/portal\?language=fr#token=/);
    assert.ok(url.endsWith(token));
    assert.equal(decodeProtectedHeader(token).typ, SELF_SERVICE_TYP);
    assert.equal(decodeProtectedHeader(token).alg, 'EdDSA');
    const claims = claimsOf(token);
    assert.equal(claims.aud, 'demo');
    assert.deepEqual(claims.contracts, [contractId]);
    assert.equal(claims.exp * 1000, Date.parse(expiresAt));
    assert.equal(claims.exp - claims.iat, 3600, 'the tenant default lifetime');
    const response = await exchange(token);
    assert.equal(response.statusCode, 200);
    const session = response.json();
    assert.equal(session.action, 'payment');
    assert.equal(session.language, 'fr');
    assert.equal(session.maxExpiresAt, expiresAt);
    assert.ok(Date.parse(session.expiresAt) <= Date.parse(expiresAt));
    assert.equal(decodeProtectedHeader(session.sessionToken).typ, SESSION_TYP);
  });

  it('keeps lifetimes within 60 seconds and 7 days', async () => {
    await assert.rejects(link({ lifetimeSeconds: 59 }), { statusCode: 400, code: 'invalid_lifetime' });
    await assert.rejects(link({ lifetimeSeconds: 7 * 24 * 3600 + 1 }), { code: 'invalid_lifetime' });
    await assert.rejects(link({ lifetimeSeconds: 90.5 }), { code: 'invalid_lifetime' });
    const short = claimsOf((await link({ lifetimeSeconds: 60 })).token);
    assert.equal(short.exp - short.iat, 60);
    const week = claimsOf((await link({ lifetimeSeconds: 7 * 24 * 3600 })).token);
    assert.equal(week.exp - week.iat, 7 * 24 * 3600);
  });

  it('refuses expired tokens with token_expired (beyond the 30 s tolerance)', async () => {
    const { token } = await link();
    const claims = claimsOf(token);
    const { jti: _jti, iss: _iss, aud: _aud, iat: _iat, exp: _exp, ...payload } = claims;
    const expired = await signToken(db(), 'demo', SELF_SERVICE_TYP, payload, Date.now() / 1000 - 40);
    assert.deepEqual(await refusal(expired.token), { status: 401, code: 'token_expired' });
    const withinTolerance = await signToken(db(), 'demo', SELF_SERVICE_TYP, payload, Date.now() / 1000 - 5);
    assert.equal((await exchange(withinTolerance.token)).statusCode, 200);
  });

  it('refuses a token it verified before once it has expired (a remembered signature is no pass)', async () => {
    const { token } = await link();
    const { jti: _jti, iss: _iss, aud: _aud, iat: _iat, exp: _exp, ...payload } = claimsOf(token);
    // Expired 29 s ago: within the 30 s tolerance for one more second.
    const ending = await signToken(db(), 'demo', SELF_SERVICE_TYP, payload, Math.floor(Date.now() / 1000) - 29);
    assert.equal((await exchange(ending.token)).statusCode, 200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    assert.deepEqual(await refusal(ending.token), { status: 401, code: 'token_expired' });
  });

  it('refuses tampered, unsigned, wrong-algorithm and wrong-typ tokens with token_invalid', async () => {
    const { token } = await link();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = claimsOf(token);

    const otherPermissions = Buffer.from(JSON.stringify({ ...claims, sub: claims.sub, contracts: ['x'] })).toString(
      'base64url',
    );
    assert.deepEqual(await refusal(`${header}.${otherPermissions}.${signature}`), {
      status: 401,
      code: 'token_invalid',
    });
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    assert.deepEqual(await refusal(`${header}.${payload}.${flipped}`), { status: 401, code: 'token_invalid' });

    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: SELF_SERVICE_TYP })).toString('base64url');
    assert.deepEqual(await refusal(`${none}.${payload}.`), { status: 401, code: 'token_invalid' });

    // HS256 "signed" with the public key as the secret (the classic key-confusion attack).
    const jwks = (await app.inject('/demo/.well-known/jwks.json')).json() as { keys: JWK[] };
    const kid = decodeProtectedHeader(token).kid!;
    const publicJwk = jwks.keys.find((key) => key.kid === kid)!;
    const hmac = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: SELF_SERVICE_TYP, kid })
      .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    assert.deepEqual(await refusal(hmac), { status: 401, code: 'token_invalid' });

    // Signed by an unknown Ed25519 key with the right kid.
    const { generateKeyPair } = await import('jose');
    const stranger = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'EdDSA', typ: SELF_SERVICE_TYP, kid })
      .sign(stranger.privateKey);
    assert.deepEqual(await refusal(forged), { status: 401, code: 'token_invalid' });

    // A session token is not a self-service token, and the other way round.
    const session = await openSession(app, 'demo', token);
    assert.deepEqual(await refusal(session), { status: 401, code: 'token_invalid' });
    const asBearer = await app.inject({
      url: '/api/portal/demo/dashboard',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(asBearer.statusCode, 401);
    assert.equal(asBearer.json().error.code, 'token_invalid');
    const wrongTyp = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid })
      .sign(stranger.privateKey);
    assert.deepEqual(await refusal(wrongTyp), { status: 401, code: 'token_invalid' });
    assert.deepEqual(await refusal('not-a-token'), { status: 401, code: 'token_invalid' });
    const missing = await app.inject({ url: '/api/portal/demo/dashboard' });
    assert.equal(missing.json().error.code, 'token_invalid');
  });

  it('refuses a token of another tenant with token_invalid', async () => {
    await createTenantWithCustomer(db(), 'acme');
    const { token } = await link();
    assert.deepEqual(await refusal(token, 'acme'), { status: 401, code: 'token_invalid' });
    const session = await openSession(app, 'demo', token);
    const response = await app.inject({
      url: '/api/portal/acme/dashboard',
      headers: { authorization: `Bearer ${session}` },
    });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error.code, 'token_invalid');
  });

  it('revokes on logout: the link token and its sessions answer token_revoked', async () => {
    const { token } = await link();
    const first = await openSession(app, 'demo', token);
    const second = await openSession(app, 'demo', token);
    const logout = await app.inject({
      method: 'DELETE',
      url: '/api/portal/demo/session',
      headers: { authorization: `Bearer ${first}` },
    });
    assert.equal(logout.statusCode, 204);
    assert.deepEqual(await refusal(token), { status: 401, code: 'token_revoked' });
    const other = await app.inject({
      url: '/api/portal/demo/dashboard',
      headers: { authorization: `Bearer ${second}` },
    });
    assert.equal(other.statusCode, 401);
    assert.equal(other.json().error.code, 'token_revoked');
  });

  it("refuses tokens issued before the person's not-before with token_revoked", async () => {
    const { token } = await link();
    const session = await openSession(app, 'demo', token);
    const { sub } = claimsOf(token);
    await db()
      .updateTable('persons')
      .set({ tokens_not_before: new Date(Date.now() + 2000) })
      .where('tenant_id', '=', 'demo')
      .where('id', '=', sub)
      .execute();
    try {
      assert.deepEqual(await refusal(token), { status: 401, code: 'token_revoked' });
      const response = await app.inject({
        url: '/api/portal/demo/dashboard',
        headers: { authorization: `Bearer ${session}` },
      });
      assert.equal(response.json().error.code, 'token_revoked');
    } finally {
      await db()
        .updateTable('persons')
        .set({ tokens_not_before: null })
        .where('tenant_id', '=', 'demo')
        .where('id', '=', sub)
        .execute();
    }
  });

  it('extends a session within the link lifetime, never beyond it', async () => {
    const { token, expiresAt } = await link({ lifetimeSeconds: 120 });
    const session = await openSession(app, 'demo', token);
    const extended = await app.inject({
      method: 'POST',
      url: '/api/portal/demo/session/extend',
      headers: { authorization: `Bearer ${session}` },
    });
    assert.equal(extended.statusCode, 200);
    const body = extended.json();
    assert.equal(body.maxExpiresAt, expiresAt);
    assert.ok(Date.parse(body.expiresAt) <= Date.parse(expiresAt));
    assert.notEqual(body.sessionToken, session);

    const short = await link({ lifetimeSeconds: 60 });
    const bounded = (await exchange(short.token)).json();
    assert.equal(bounded.expiresAt, short.expiresAt, 'a session never outlives its link token');
  });

  it('rotates keys: old tokens still verify, new tokens use the new kid, JWKS lists both', async () => {
    const before = await link();
    const oldKid = decodeProtectedHeader(before.token).kid!;
    const { kid: newKid, retired } = await rotateSigningKey(db(), 'demo');
    assert.deepEqual(retired, [oldKid]);
    const afterRotation = await link();
    assert.equal(decodeProtectedHeader(afterRotation.token).kid, newKid);
    assert.equal((await exchange(before.token)).statusCode, 200);
    assert.equal((await exchange(afterRotation.token)).statusCode, 200);
    const jwks = await app.inject('/demo/.well-known/jwks.json');
    assert.equal(jwks.statusCode, 200);
    const keys = (jwks.json() as { keys: JWK[] }).keys;
    assert.deepEqual(keys.map((key) => key.kid).sort(), [newKid, oldKid].sort());
    for (const key of keys) {
      assert.equal(key.kty, 'OKP');
      assert.equal(key.crv, 'Ed25519');
      assert.equal(key.d, undefined, 'no private part');
      await importJWK(key, 'EdDSA');
    }
    assert.equal((await app.inject('/nobody/.well-known/jwks.json')).statusCode, 404);
  });
});
