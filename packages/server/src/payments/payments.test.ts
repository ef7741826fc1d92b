import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeEachDatabase } from '../db/testing.ts';
import { signupFixture, type SignupFixture } from '../signup/test-support.ts';
import { allowedParentOrigin } from './routes.ts';
import { checkSepa, deriveBic, mandateReference } from './sepa.ts';
import { createSandboxProvider, luhn } from './sandbox.ts';

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
  it('tokenizes the success card, declines the decline card, and redeems only its own tenant’s tokens', async () => {
    assert.equal(luhn('4242424242424242'), true);
    const provider = createSandboxProvider();
    const token = await provider.tokenize('demo', {
      number: '4242424242424242',
      expMonth: 3,
      expYear: 41,
      cvc: '123',
      holder: 'A',
    });
    assert.deepEqual([token.brand, token.last4, token.expYear], ['visa', '4242', 2041]);
    assert.doesNotMatch(token.token, /4242424242424242/);
    assert.equal((await provider.redeem('demo', token.token))?.last4, '4242');
    assert.equal(await provider.redeem('other', token.token), null);
    assert.equal(await createSandboxProvider().redeem('demo', token.token), null, 'another secret');
    await assert.rejects(
      provider.tokenize('demo', { number: '4000000000000002', expMonth: 3, expYear: 2041, cvc: '123', holder: 'A' }),
      { name: 'CardDeclinedError' },
    );
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

describeEachDatabase('sandbox payment routes', (database) => {
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
    assert.equal(allowed.headers['content-security-policy'], 'frame-ancestors http://localhost:8080');
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
    assert.equal(own.headers['content-security-policy'], 'frame-ancestors http://portico.test http://localhost:8080');
    for (const origin of ['https://evil.example', '*', '']) {
      const refused = await f.app.inject(`/demo/payments/sandbox/card-frame?origin=${encodeURIComponent(origin)}`);
      assert.equal(refused.statusCode, 400, origin);
      assert.ok(refused.json().error.fields.origin);
    }
    assert.equal((await f.app.inject('/nobody/payments/sandbox/card-frame?origin=x')).statusCode, 404);
  });
});
