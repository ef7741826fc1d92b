import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { OrderPreview, SignupConfig } from '@portico/core';
import { addDays, ymd } from '../contracts/dates.ts';
import { signupFixture, type SignupFixture } from '../testing/signup.ts';
import { describeEachDemoDatabase } from '../demo/testing.ts';

describeEachDemoDatabase('signup config and preview', (database) => {
  let f: SignupFixture;
  before(async () => {
    f = await signupFixture(database());
  });
  after(() => f.app.close());

  const preview = async (body: object) => {
    const response = await f.app.inject({ method: 'POST', url: '/api/signup/demo/preview', payload: body });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<OrderPreview>();
  };
  const business = (extra: object = {}) => ({
    planVariantId: f.business,
    components: { [f.seats]: 3, [f.support]: 1 },
    customer: { country: 'DE' },
    ...extra,
  });

  it('returns the signup configuration of a variant with its siblings, components, fields, terms and SEPA data', async () => {
    const response = await f.app.inject(`/api/signup/demo/plan-variants/${f.business}/config?language=de`);
    assert.equal(response.statusCode, 200);
    const config = response.json<SignupConfig>();
    assert.equal(config.tenant.id, 'demo');
    assert.equal(config.variant.id, f.business);
    assert.deepEqual(
      config.siblings.map((s) => s.variantName),
      ['Monatlich', 'Jährlich'],
    );
    assert.ok(!config.siblings.some((s) => s.id === f.closed), 'a closed variant is no sibling');
    assert.deepEqual(
      config.components.map((c) => [c.kind, c.name]),
      [
        ['quantity', 'Zusätzliche Plätze'],
        ['on_off', 'Priorisierter Support'],
      ],
    );
    assert.deepEqual(
      config.usageFees.map((c) => c.kind),
      ['metered', 'metered'],
    );
    assert.equal(config.couponField, true);
    assert.equal(config.fields.email, 'mandatory');
    assert.deepEqual(
      config.terms.map((t) => [t.key, t.kind]),
      [
        ['terms', 'required'],
        ['privacy', 'required'],
        ['withdrawal', 'informational'],
      ],
    );
    assert.match(config.terms[0]!.labelHtml, /Allgemeinen Geschäftsbedingungen/);
    assert.deepEqual(config.paymentMethods, ['sepa', 'card', 'invoice']);
    assert.equal(config.sepa.creditorName, 'Northwind Cloud');
    assert.match(config.sepa.mandateText, /Northwind Cloud/);
  });

  it('sends the SEPA mandate text in the language the configuration is fetched in', async () => {
    const mandate = async (language: string) =>
      (
        await f.app.inject(`/api/signup/demo/plan-variants/${f.business}/config?language=${language}`)
      ).json<SignupConfig>().sepa.mandateText;
    assert.equal(
      await mandate('de'),
      'Ich ermächtige Northwind Cloud, Zahlungen von meinem Konto mittels Lastschrift einzuziehen. Zugleich weise ich ' +
        'mein Kreditinstitut an, die von Northwind Cloud auf mein Konto gezogenen Lastschriften einzulösen. Hinweis: ' +
        'Ich kann innerhalb von acht Wochen, beginnend mit dem Belastungsdatum, die Erstattung des belasteten Betrages ' +
        'verlangen. Es gelten dabei die mit meinem Kreditinstitut vereinbarten Bedingungen.',
    );
    const arabic = await mandate('ar');
    assert.match(arabic, /^أفوّض Northwind Cloud بتحصيل المدفوعات من حسابي عن طريق الخصم المباشر/);
    assert.match(arabic, /ثمانية أسابيع/);
    assert.match(await mandate('en'), /^I authorise Northwind Cloud to collect payments/);
  });

  it('answers 404 for an unknown variant, a variant not open for signup, a malformed id and an unknown tenant', async () => {
    for (const url of [
      '/api/signup/demo/plan-variants/00000000-0000-4000-8000-000000000000/config',
      `/api/signup/demo/plan-variants/${f.closed}/config`,
      '/api/signup/demo/plan-variants/nope/config',
      `/api/signup/nobody/plan-variants/${f.business}/config`,
      `/api/signup/strict/plan-variants/${f.business}/config`,
    ]) {
      const response = await f.app.inject(url);
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().error.code, 'not_found');
    }
    const closed = await f.app.inject({
      method: 'POST',
      url: '/api/signup/demo/preview',
      payload: { planVariantId: f.closed, components: {}, customer: {} },
    });
    assert.equal(closed.statusCode, 404);
  });

  it('adds plan and component quantities and German VAT for a German customer', async () => {
    const p = await preview(business());
    assert.deepEqual(
      p.lines.map((l) => [l.kind, l.quantity, l.unitPriceCents, l.amountCents]),
      [
        ['plan', 1, 9900, 9900],
        ['component', 3, 500, 1500],
        ['component', 1, 4900, 4900],
      ],
    );
    assert.equal(p.discount, null);
    assert.equal(p.netCents, 16300);
    assert.equal(p.taxRateBasisPoints, 1900);
    assert.equal(p.taxCents, 3097);
    assert.equal(p.grossCents, 19397);
    assert.equal(p.reverseCharge, false);
    assert.equal(p.dueTodayCents, 19397);
    assert.equal(p.recurringCents, 19397);
    assert.equal(p.trialEnd, null);
    assert.equal(p.currency, 'EUR');
    assert.equal(p.billingPeriodMonths, 1);
  });

  it('leaves zero quantities out and uses component defaults when none are chosen', async () => {
    const p = await preview({ planVariantId: f.business, components: { [f.seats]: 0 }, customer: {} });
    assert.deepEqual(
      p.lines.map((l) => l.kind),
      ['plan'],
    );
    assert.equal(p.netCents, 9900);
    assert.equal(p.taxCents, 1881);
  });

  it('applies a percent coupon before tax, and keeps it in the recurring amount while it lasts', async () => {
    const p = await preview(business({ couponCode: 'welcome10' }));
    assert.equal(p.discount?.code, 'WELCOME10');
    assert.equal(p.discount?.amountCents, 1630);
    assert.equal(p.couponError, null);
    assert.equal(p.netCents, 14670);
    assert.equal(p.taxCents, 2787);
    assert.equal(p.grossCents, 17457);
    assert.equal(p.dueTodayCents, 17457);
    assert.equal(p.recurringCents, 17457, '3 months of discount outlast the first monthly period');
    // It runs out with the third monthly period; then the full price.
    assert.match(p.discount?.endsOn ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(p.afterDiscountCents, 19397);
  });

  it('applies an amount coupon for one period only', async () => {
    const p = await preview(business({ couponCode: 'SAVE50' }));
    assert.equal(p.discount?.amountCents, 5000);
    assert.equal(p.netCents, 11300);
    assert.equal(p.taxCents, 2147);
    assert.equal(p.grossCents, 13447);
    assert.equal(p.recurringCents, 19397);
    assert.equal(p.afterDiscountCents, 19397);
  });

  it('reports why a coupon does not apply, with a distinct message each, and prices without it', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['NOPE', f.business, /does not exist/],
      ['EXPIRED', f.business, /has expired/],
      ['LATER', f.business, /not valid yet/],
      ['USEDUP', f.business, /used up/],
      ['SAVE50', f.starter, /not valid for this plan/],
    ];
    for (const [code, variant, message] of cases) {
      const p = await preview({ planVariantId: variant, components: {}, customer: {}, couponCode: code });
      assert.match(p.couponError ?? '', message, code);
      assert.equal(p.discount, null);
    }
  });

  it('says so when a coupon is typed on a form without coupon field', async () => {
    const response = await f.app.inject({
      method: 'POST',
      url: '/api/signup/strict/preview',
      payload: { planVariantId: f.strict.variant, components: {}, customer: {}, couponCode: 'WELCOME10' },
    });
    assert.equal(response.statusCode, 200);
    const p = response.json<OrderPreview>();
    assert.equal(p.couponError, 'This signup form does not take coupon codes.');
    assert.equal(p.discount, null);
    assert.equal(p.netCents, 12000);
    assert.equal(p.billingPeriodMonths, 12);
  });

  it('charges the customer country rate to an EU customer without VAT ID', async () => {
    const p = await preview(business({ customer: { country: 'FR' } }));
    assert.equal(p.taxRateBasisPoints, 2000);
    assert.equal(p.taxCents, 3260);
    assert.equal(p.grossCents, 19560);
    assert.equal(p.reverseCharge, false);
  });

  it('applies the reverse charge for a valid VAT ID of another member state', async () => {
    const p = await preview(business({ customer: { country: 'NL', vatId: 'nl 123456789 b01' } }));
    assert.equal(p.reverseCharge, true);
    assert.equal(p.taxRateBasisPoints, 0);
    assert.equal(p.taxCents, 0);
    assert.equal(p.grossCents, 16300);
  });

  it('keeps German VAT for a German VAT ID, and no VAT outside the EU', async () => {
    const de = await preview(business({ customer: { country: 'DE', vatId: 'DE811907980' } }));
    assert.equal(de.reverseCharge, false);
    assert.equal(de.taxCents, 3097);
    const us = await preview(business({ customer: { country: 'US' } }));
    assert.equal(us.taxRateBasisPoints, 0);
    assert.equal(us.reverseCharge, false);
    const broken = await preview(business({ customer: { country: 'FR', vatId: 'FR12' } }));
    assert.equal(broken.reverseCharge, false, 'an invalid VAT ID gives no reverse charge');
    assert.equal(broken.taxRateBasisPoints, 2000);
  });

  it('charges nothing today during a trial and shows its end', async () => {
    const p = await preview({ planVariantId: f.starter, components: { [f.seats]: 2 }, customer: { country: 'DE' } });
    assert.equal(p.netCents, 3900);
    assert.equal(p.grossCents, 4641);
    assert.equal(p.dueTodayCents, 0);
    assert.equal(p.recurringCents, 4641);
    assert.equal(p.trialEnd, addDays(ymd(new Date()), 14));
  });

  it('refuses bad quantities and unknown components in the preview', async () => {
    const response = await f.app.inject({
      method: 'POST',
      url: '/api/signup/demo/preview',
      payload: {
        planVariantId: f.business,
        components: { [f.seats]: 51, [f.support]: 2, [f.api]: 1, nonsense: 1 },
        customer: {},
      },
    });
    assert.equal(response.statusCode, 400);
    const { error } = response.json();
    assert.equal(error.code, 'invalid_request');
    assert.match(error.fields[`components.${f.seats}`], /between 0 and 50/);
    assert.match(error.fields[`components.${f.support}`], /between 0 and 1/);
    assert.match(error.fields[`components.${f.api}`], /does not exist or cannot be chosen/);
    assert.match(error.fields['components.nonsense'], /does not exist/);
  });

  it('answers malformed JSON with 400 malformed_json and a non-object body with invalid_request', async () => {
    const malformed = await f.app.inject({
      method: 'POST',
      url: '/api/signup/demo/preview',
      headers: { 'content-type': 'application/json' },
      payload: '{"planVariantId": ',
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.code, 'malformed_json');
    const list = await f.app.inject({ method: 'POST', url: '/api/signup/demo/preview', payload: [1, 2] });
    assert.equal(list.statusCode, 400);
    assert.equal(list.json().error.code, 'invalid_request');
  });
});
