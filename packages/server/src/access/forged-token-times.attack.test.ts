import assert from 'node:assert/strict';
import { after, before, it, mock } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { testApp } from '../testing/app.ts';
import { createSelfServiceLink } from './links.ts';
import { SELF_SERVICE_TYP, signToken, type SelfServiceClaims } from './tokens.ts';

describeEachDemoDatabase('attack: validly signed tokens with forged times', (database) => {
  let app: FastifyInstance;
  let payload: Omit<SelfServiceClaims, 'iss' | 'aud' | 'exp' | 'iat' | 'jti'>;
  const db = () => database().db;

  before(async () => {
    app = await testApp(database());
    const contract = await db()
      .selectFrom('contracts')
      .where('tenant_id', '=', 'demo')
      .where('contract_number', '=', '20001')
      .select('id')
      .executeTakeFirstOrThrow();
    const { token } = await createSelfServiceLink(db(), { tenantId: 'demo', contractId: contract.id });
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as SelfServiceClaims;
    const { jti: _jti, iss: _iss, aud: _aud, iat: _iat, exp: _exp, ...rest } = claims;
    payload = rest;
  });
  after(() => app.close());

  const exchange = async (token: string) => {
    const response = await app.inject({ method: 'POST', url: '/api/portal/demo/session', payload: { token } });
    return { status: response.statusCode, code: (response.json() as { error?: { code: string } }).error?.code };
  };
  /** Signs with the tenant's real key as if the clock read `now` (seconds). */
  const signedAt = async (now: number, lifetimeSeconds: number) => {
    mock.method(Date, 'now', () => now * 1000);
    try {
      return (await signToken(db(), 'demo', SELF_SERVICE_TYP, payload, { lifetimeSeconds })).token;
    } finally {
      mock.restoreAll();
    }
  };

  it('attack: a token issued in the future (beyond the clock tolerance) is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    assert.deepEqual(await exchange(await signedAt(now + 3600, 3600)), { status: 401, code: 'token_invalid' });
    assert.deepEqual(await exchange(await signedAt(now + 120, 3600)), { status: 401, code: 'token_invalid' });
    assert.equal((await exchange(await signedAt(now + 5, 3600))).status, 200, 'within the tolerance');
  });

  it("attack: a token living longer than the tenant's maximum is refused", async () => {
    const now = Math.floor(Date.now() / 1000);
    assert.deepEqual(await exchange(await signedAt(now, 365 * 24 * 3600)), { status: 401, code: 'token_invalid' });
    assert.deepEqual(await exchange(await signedAt(now, 7 * 24 * 3600 + 60)), { status: 401, code: 'token_invalid' });
    assert.equal((await exchange(await signedAt(now, 3600))).status, 200, 'a normal lifetime');
  });
});
