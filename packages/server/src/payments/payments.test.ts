import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { getSigningKey, rotateSigningKey, SIGNING_ALG } from '../access/keys.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { createTenant } from '../db/tenant.ts';
import { signupFixture, type SignupFixture } from '../testing/signup.ts';
import { allowedParentOrigin } from '../http/origins.ts';
import { checkSepa, deriveBic, mandateReference } from './sepa.ts';
import { createSandboxProvider, luhn, SANDBOX_CARD_TYP } from './sandbox.ts';
import { describeEachDemoDatabase } from '../demo/testing.ts';

describe('SEPA checks', () => {
  it('accepts a valid IBAN in any spacing and derives the BIC of a known German bank', () => {
    assert.deepEqual(checkSepa({ holder: 'Mia', iban: 'de89 3704 0044 0532 0130 00' }), {
      ok: true,
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
    });
    assert.equal(deriveBic('DE02120300000000202051'), 'BYLADEM1001');
    assert.equal(deriveBic('NL91ABNA0417164300'), null);
  });

  it('checks a given BIC and completes an 8-character one', () => {
    const ok = checkSepa({ holder: 'Jan', iban: 'NL91ABNA0417164300', bic: 'abnanl2a' });
    assert.deepEqual(ok, { ok: true, iban: 'NL91ABNA0417164300', bic: 'ABNANL2AXXX' });
    const bad = checkSepa({ holder: 'Jan', iban: 'NL91ABNA0417164300', bic: 'NOPE' });
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.fields['payment.bic']! : '', /not valid/);
  });

  it('refuses a wrong checksum, a non-SEPA IBAN and a missing holder', () => {
    const wrong = checkSepa({ holder: '', iban: 'DE89370400440532013001' });
    assert.equal(wrong.ok, false);
    if (!wrong.ok) {
      assert.match(wrong.fields['payment.iban']!, /not valid/);
      assert.match(wrong.fields['payment.holder']!, /account holder/);
    }
    const brazil = checkSepa({ holder: 'Ana', iban: 'BR1800360305000010009795493C1' });
    assert.match(!brazil.ok ? brazil.fields['payment.iban']! : '', /not from a SEPA country/);
  });

  it('builds mandate references of at most 35 allowed characters', () => {
    assert.equal(mandateReference('10006', '20006'), 'PORTICO-10006-20006');
    assert.ok(mandateReference('1'.repeat(30), '2'.repeat(30)).length <= 35);
  });
});

describe('sandbox card provider', () => {
  it('knows its test cards by their checksum', () => {
    assert.equal(luhn('4242424242424242'), true);
    assert.equal(luhn('4242424242424241'), false);
  });

  it('allows exactly the own origin and the tenant’s frame origins as the card frame’s parent', () => {
    const own = 'http://localhost:8080';
    assert.equal(allowedParentOrigin(own, own, []), own);
    assert.equal(allowedParentOrigin('https://shop.example', own, ['https://shop.example']), 'https://shop.example');
    for (const bad of ['*', 'https://evil.example', 'https://shop.example/', 'javascript:alert(1)', '', undefined]) {
      assert.equal(allowedParentOrigin(bad, own, ['https://shop.example']), null, String(bad));
    }
  });
});

describeEachDemoDatabase('sandbox payment routes', (database) => {
  let f: SignupFixture;
  before(async () => {
    f = await signupFixture(database());
  });
  after(() => f.app.close());

  const tokens = (payload: object, tenant = 'demo') =>
    f.app.inject({ method: 'POST', url: `/api/payments/sandbox/${tenant}/tokens`, payload });
  const card = { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123', holder: 'Mia Keller' };

  it('returns a token for the success card and 402 card_declined for the decline card', async () => {
    const ok = await tokens(card);
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(Object.keys(ok.json()).sort(), ['brand', 'expMonth', 'expYear', 'last4', 'token']);
    const declined = await tokens({ ...card, number: '4000 0000 0000 0002' });
    assert.equal(declined.statusCode, 402);
    assert.equal(declined.json().error.code, 'card_declined');
  });

  it('refuses invalid card fields, field by field, and an unknown tenant', async () => {
    const bad = await tokens({ number: '4242424242424241', expMonth: 13, expYear: 2040, cvc: '1', holder: '' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(Object.keys(bad.json().error.fields).sort(), [
      'card.cvc',
      'card.expiry',
      'card.holder',
      'card.number',
    ]);
    const expired = await tokens({ ...card, expYear: 2001 });
    assert.match(expired.json().error.fields['card.expiry'], /expired/);
    assert.equal((await tokens(card, 'nobody')).statusCode, 404);
  });

  it('serves the card frame only for allowed parent origins and posts the token to exactly that origin', async () => {
    const allowed = await f.app.inject('/demo/payments/sandbox/card-frame?origin=http%3A%2F%2Flocalhost%3A8080');
    assert.equal(allowed.statusCode, 200);
    assert.match(allowed.headers['content-type'] as string, /text\/html/);
    assert.match(
      String(allowed.headers['content-security-policy']),
      /(^|; )frame-ancestors http:\/\/localhost:8080($|;)/,
    );
    assert.match(allowed.body, /"parentOrigin":"http:\/\/localhost:8080"/);
    assert.match(allowed.body, /postMessage\(message, config\.parentOrigin\)/);
    assert.match(allowed.body, /type: 'portico-card-token'/);
    assert.doesNotMatch(allowed.body, /postMessage\([^)]*'\*'/);
    const own = await f.app.inject({
      url: '/demo/payments/sandbox/card-frame?origin=http%3A%2F%2Fportico.test',
      headers: { host: 'portico.test' },
    });
    assert.equal(own.statusCode, 200, 'the Portico origin itself');
    // The hosted signup page may itself be framed by the merchant's site: its origins stay allowed ancestors.
    assert.match(
      String(own.headers['content-security-policy']),
      /(^|; )frame-ancestors http:\/\/portico\.test http:\/\/localhost:8080($|;)/,
    );
    for (const origin of ['https://evil.example', '*', '']) {
      const refused = await f.app.inject(`/demo/payments/sandbox/card-frame?origin=${encodeURIComponent(origin)}`);
      assert.equal(refused.statusCode, 400, origin);
      assert.ok(refused.json().error.fields.origin);
    }
    assert.equal((await f.app.inject('/nobody/payments/sandbox/card-frame?origin=x')).statusCode, 404);
  });
});

describeEachDatabase('sandbox card tokens', (database) => {
  const db = () => database().db;
  const card = { number: '4242424242424242', expMonth: 3, expYear: 41, cvc: '123', holder: 'A' };
  before(async () => {
    await createTenant(db(), { id: 'demo', name: 'Demo' });
    await createTenant(db(), { id: 'other', name: 'Other' });
  });

  it('tokenizes the success card, declines the decline card, and redeems only its own tenant’s tokens', async () => {
    const provider = createSandboxProvider(db());
    const token = await provider.tokenize('demo', card);
    assert.deepEqual([token.brand, token.last4, token.expYear], ['visa', '4242', 2041]);
    assert.doesNotMatch(token.token, /4242424242424242/);
    assert.doesNotMatch(Buffer.from(token.token.split('.')[1]!, 'base64url').toString(), /424242424242/);
    const stored = await provider.redeem('demo', token.token);
    assert.deepEqual(
      [stored?.provider, stored?.brand, stored?.last4, stored?.expMonth, stored?.expYear],
      ['sandbox', 'visa', '4242', 3, 2041],
    );
    assert.match(stored!.providerToken, /^sandbox_pm_/);
    assert.equal(await provider.redeem('other', token.token), null, 'another tenant');
    await assert.rejects(provider.tokenize('demo', { ...card, number: '4000000000000002' }), {
      name: 'CardDeclinedError',
    });
  });

  it('refuses forged, altered, foreign-typed and expired tokens', async () => {
    const provider = createSandboxProvider(db());
    const token = (await provider.tokenize('demo', card)).token;
    const [header, payload, signature] = token.slice('sbx_'.length).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { card: { l: string } };
    claims.card.l = '0000';
    const altered = `sbx_${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const { kid, key } = await getSigningKey(db(), 'demo');
    const signed = (typ: string, exp: number) =>
      new SignJWT({ card: { b: 'visa', l: '4242', m: 3, y: 2041 } })
        .setProtectedHeader({ alg: SIGNING_ALG, typ, kid })
        .setIssuer('portico')
        .setAudience('demo')
        .setJti('j')
        .setExpirationTime(exp)
        .sign(key);
    const now = Math.floor(Date.now() / 1000);
    assert.ok(await provider.redeem('demo', `sbx_${await signed(SANDBOX_CARD_TYP, now + 60)}`), 'the control');
    for (const forged of [
      'sbx_forged.signature',
      token.slice('sbx_'.length),
      altered,
      `sbx_${await signed('portico-self-service+jwt', now + 60)}`,
      `sbx_${await signed(SANDBOX_CARD_TYP, now - 60)}`,
      '',
    ]) {
      assert.equal(await provider.redeem('demo', forged), null, forged);
    }
  });

  it('redeems on another instance and after a restart or a key rotation', async () => {
    const token = (await createSandboxProvider(db()).tokenize('demo', card)).token;
    // A fresh provider on its own Kysely instance (own key caches), as a second server process has.
    assert.equal((await createSandboxProvider(db().withoutPlugins()).redeem('demo', token))?.last4, '4242');
    await rotateSigningKey(db(), 'demo');
    assert.equal((await createSandboxProvider(db()).redeem('demo', token))?.last4, '4242', 'after rotation');
  });
});
