import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { SignupConfig } from '@portico/core';
import { getTenantSettings } from '../db/tenant.ts';
import { signupFixture, type SignupFixture } from '../testing/signup.ts';
import { describeEachDemoDatabase } from '../demo/testing.ts';

/** Terms labels as a careless or compromised merchant account could store them. */
const HOSTILE_LABELS = {
  en:
    'I accept the <a href="https://shop.example/terms" onclick="steal()">terms</a>' +
    '<script>alert(1)</script> and <a href="javascript:alert(2)">this</a>' +
    '<img src="x" onerror="alert(3)">, call <a href="tel:+4930123">us</a>.',
  de: 'Ich akzeptiere die <a href="https://shop.example/de/agb" target="_top">AGB</a><style>*{display:none}</style>.',
};

describeEachDemoDatabase('signup terms labels', (database) => {
  let f: SignupFixture;
  before(async () => {
    f = await signupFixture(database());
    // A copy: the settings read are the cache's, shared and frozen.
    const settings = structuredClone((await getTenantSettings(database().db, 'demo'))!);
    settings.signup.terms[0]!.label = HOSTILE_LABELS;
    await database().db.updateTable('tenant_settings').set({ settings }).where('tenant_id', '=', 'demo').execute();
  });
  after(() => f.app.close());

  const labels = async (language: string) => {
    const response = await f.app.inject(`/api/signup/demo/plan-variants/${f.business}/config?language=${language}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<SignupConfig>().terms.map((term) => term.labelHtml);
  };

  it('sends terms labels sanitised: scripts, handlers, images and non-web links go, https links stay', async () => {
    const [terms, privacy] = await labels('en');
    assert.equal(
      terms,
      'I accept the <a href="https://shop.example/terms" target="_blank" rel="noopener noreferrer">terms</a>' +
        ' and this, call us.',
    );
    for (const unsafe of [/<script/i, /onclick/i, /javascript:/i, /tel:/i, /<img/i, /onerror/i, /alert/]) {
      assert.doesNotMatch(terms!, unsafe);
    }
    assert.equal(
      privacy,
      'I have read the <a href="https://northwind.example/privacy" target="_blank" rel="noopener noreferrer">' +
        'privacy policy</a>.',
      "the seeded labels pass unchanged but for rel's noreferrer",
    );
  });

  it('sanitises the label of the language asked for', async () => {
    const [terms] = await labels('de');
    assert.equal(
      terms,
      'Ich akzeptiere die <a href="https://shop.example/de/agb" target="_blank" rel="noopener noreferrer">AGB</a>.',
    );
  });
});
