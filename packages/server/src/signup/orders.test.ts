import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, afterEach, before, it } from 'node:test';
import type { OrderRequest, OrderResult, SignupConfig } from '@portico/core';
import { readPdf } from '../testing/pdf.ts';
import { DOCUMENT_LEASE_SECONDS, finishDocumentingOrders, orderTestHooks } from './create-order.ts';
import { signupFixture, validOrder, type SignupFixture } from '../testing/signup.ts';
import { demoDatabaseWith, describeEachDemoDatabase } from '../demo/testing.ts';
import { describeEachDatabase } from '../testing/databases.ts';

describeEachDemoDatabase('signup orders', (database) => {
  let f: SignupFixture;
  before(async () => {
    f = await signupFixture(database());
  });
  after(() => f.app.close());
  afterEach(() => {
    delete orderTestHooks.afterStep;
  });

  const db = () => database().db;
  /** Places the order, then runs the background worker's document step as the running server's worker would. */
  const submit = async (body: unknown, key: string | null = randomUUID(), tenant = 'demo') => {
    const response = await place(body, key, tenant);
    await finishDocumentingOrders(db());
    return response;
  };
  const place = (body: unknown, key: string | null = randomUUID(), tenant = 'demo') =>
    f.app.inject({
      method: 'POST',
      url: `/api/signup/${tenant}/orders`,
      headers: {
        ...(key === null ? {} : { 'idempotency-key': key }),
        'user-agent': 'OrderTest/1.0',
        'x-forwarded-for': '203.0.113.77',
      },
      payload: body as object,
    });
  const fieldsOf = async (body: unknown, tenant = 'demo') => {
    const response = await submit(body, randomUUID(), tenant);
    assert.equal(response.statusCode, 400, response.body);
    const { error } = response.json();
    assert.equal(error.code, 'invalid_request');
    return error.fields as Record<string, string>;
  };

  it('creates customer, owner, contract, components, SEPA mandate, invoice, document, terms, audit and e-mail', async () => {
    const order = validOrder(f.business, { components: { [f.seats]: 3, [f.support]: 1 }, couponCode: 'WELCOME10' });
    const response = await submit(order);
    assert.equal(response.statusCode, 201, response.body);
    const result = response.json<OrderResult>();
    assert.ok(result.invoiceId);
    const t = 'demo';

    const customer = await db()
      .selectFrom('customers')
      .where('tenant_id', '=', t)
      .where('id', '=', result.customerId)
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.equal(customer.email, order.customer.email);
    assert.equal(customer.customer_number, '10006', 'the next number after the seeded customers');
    const person = await db()
      .selectFrom('persons')
      .where('tenant_id', '=', t)
      .where('customer_id', '=', result.customerId)
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.equal(person.role, 'owner');
    assert.deepEqual([...person.permissions].sort(), ['contract', 'invoices', 'payment', 'personnel', 'usage']);

    const contract = await db()
      .selectFrom('contracts')
      .where('tenant_id', '=', t)
      .where('id', '=', result.contractId)
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.equal(contract.status, 'active');
    assert.equal(contract.contract_number, result.contractNumber);
    assert.equal(contract.trial_end, null);
    assert.ok(contract.current_period_end > contract.current_period_start);
    assert.ok(contract.coupon_id);
    const parts = await db()
      .selectFrom('contract_components')
      .where('tenant_id', '=', t)
      .where('contract_id', '=', result.contractId)
      .select(['component_id', 'quantity'])
      .execute();
    assert.equal(parts.find((p) => p.component_id === f.seats)?.quantity, 3);
    assert.equal(parts.find((p) => p.component_id === f.support)?.quantity, 1);
    assert.ok(
      parts.some((p) => p.component_id === f.api),
      'metered pricing components are subscribed',
    );

    const payment = await db()
      .selectFrom('payment_methods')
      .where('tenant_id', '=', t)
      .where('id', '=', contract.payment_method_id!)
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.equal(payment.kind, 'sepa');
    assert.equal(payment.iban, 'DE89370400440532013000');
    assert.equal(payment.bic, 'COBADEFFXXX', 'derived from the bank code');
    assert.equal(payment.mandate_reference, `PORTICO-10006-${result.contractNumber}`);
    assert.match(payment.mandate_text ?? '', /Northwind Cloud/);

    const invoice = await db()
      .selectFrom('invoices')
      .where('tenant_id', '=', t)
      .where('id', '=', result.invoiceId)
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.equal(invoice.net_cents, 14670);
    assert.equal(invoice.tax_cents, 2787);
    assert.equal(invoice.gross_cents, invoice.net_cents + invoice.tax_cents);
    assert.equal(invoice.status, 'open');
    assert.match(invoice.number, /^INV-\d{6}$/);
    const lines = await db()
      .selectFrom('invoice_lines')
      .where('tenant_id', '=', t)
      .where('invoice_id', '=', invoice.id)
      .orderBy('position')
      .select(['description', 'amount_cents'])
      .execute();
    assert.equal(lines.length, 4);
    assert.equal(
      lines.reduce((sum, l) => sum + l.amount_cents, 0),
      invoice.net_cents,
      'lines add up to the net amount',
    );

    const document = await db()
      .selectFrom('documents')
      .where('tenant_id', '=', t)
      .where('contract_id', '=', result.contractId)
      .selectAll()
      .executeTakeFirstOrThrow();
    const pdf = Buffer.from(document.content);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.equal(document.sha256, createHash('sha256').update(pdf).digest('hex'));

    const terms = await db()
      .selectFrom('terms_acceptances')
      .where('tenant_id', '=', t)
      .where('customer_id', '=', result.customerId)
      .selectAll()
      .execute();
    assert.deepEqual(terms.map((x) => x.term_key).sort(), ['privacy', 'terms', 'withdrawal']);
    assert.ok(terms.every((x) => x.text_version === '2024-01' && x.order_id === result.orderId));
    assert.ok(terms.every((x) => x.ip === '203.0.113.77' && x.user_agent === 'OrderTest/1.0'));

    const audit = await db()
      .selectFrom('audit_log')
      .where('tenant_id', '=', t)
      .where('actor_id', '=', person.id)
      .select('action')
      .execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), [
      'contract.created',
      'customer.created',
      'document.created',
      'invoice.created',
      'order.created',
      'payment_method.created',
    ]);

    const mail = await db()
      .selectFrom('email_outbox')
      .where('tenant_id', '=', t)
      .where('to_address', '=', order.customer.email!)
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.equal(mail.subject, `Welcome to Northwind Cloud: your order ${result.contractNumber}`);
    assert.match(mail.text_body, /\/demo\/portal\?language=en#token=[\w-]+\.[\w-]+\.[\w-]+/);
    assert.match(mail.html_body ?? '', /href="[^"]*\/demo\/portal\?language=en#token=/);
    assert.deepEqual(
      mail.attachments.map((a) => [a.documentId, a.invoiceId]),
      [
        [document.id, undefined],
        [undefined, invoice.id],
      ],
    );

    const coupon = await db()
      .selectFrom('coupons')
      .where('tenant_id', '=', t)
      .where('code', '=', 'WELCOME10')
      .select('redemptions')
      .executeTakeFirstOrThrow();
    assert.equal(coupon.redemptions, 3, 'the seed had 2 redemptions');
  });

  it('starts a trial without an invoice and writes a German e-mail for a German order', async () => {
    const order = validOrder(f.starter, { language: 'de' });
    const response = await submit(order);
    assert.equal(response.statusCode, 201, response.body);
    const result = response.json<OrderResult>();
    assert.equal(result.invoiceId, null);
    const contract = await db()
      .selectFrom('contracts')
      .where('tenant_id', '=', 'demo')
      .where('id', '=', result.contractId)
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.equal(contract.status, 'trial');
    assert.ok(contract.trial_end);
    const invoices = await db()
      .selectFrom('invoices')
      .where('tenant_id', '=', 'demo')
      .where('contract_id', '=', result.contractId)
      .select('id')
      .execute();
    assert.equal(invoices.length, 0);
    const mail = await db()
      .selectFrom('email_outbox')
      .where('tenant_id', '=', 'demo')
      .where('to_address', '=', order.customer.email!)
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.match(mail.subject, /^Willkommen bei Northwind Cloud/);
    assert.match(mail.text_body, /kostenloser Test läuft bis/);
    assert.match(mail.text_body, /portal\?language=de#token=/);
    // The contract document describes the payment method in German too (message catalog, not English strings).
    const document = await db()
      .selectFrom('documents')
      .where('tenant_id', '=', 'demo')
      .where('contract_id', '=', result.contractId)
      .select('content')
      .executeTakeFirstOrThrow();
    const { lines } = readPdf(Buffer.from(document.content));
    const text = lines.join('\n');
    assert.match(text, /SEPA-Lastschrift von Mia Keller, IBAN DE89 \*{4} 3000/);
    // The country by its German name; the ticked terms by their German labels as plain text, the informational
    // notice (withdrawal) not as accepted.
    assert.ok(lines.includes('Deutschland') && !lines.includes('DE'), text);
    assert.match(text, /Ich akzeptiere die Allgemeinen Geschäftsbedingungen\. \(Version 2024-01\)/);
    assert.match(text, /Ich habe die Datenschutzerklärung gelesen\. \(Version 2024-01\)/);
    assert.doesNotMatch(text, /Widerrufsrecht|withdrawal|terms \(|privacy \(|<a|href/);
    assert.match(text, /Zahlungsempfänger .+, Gläubiger-Identifikationsnummer \S+,\s+Mandatsreferenz \S+/);
    assert.doesNotMatch(
      text,
      /SEPA direct debit from|creditor identifier/,
      "only the tenant's mandate text is printed as set (English here)",
    );
    // The mandate is stored in the words the German signup page showed.
    const config = await f.app.inject(`/api/signup/demo/plan-variants/${f.starter}/config?language=de`);
    const shown = config.json<SignupConfig>().sepa.mandateText;
    assert.match(shown, /^Ich ermächtige Northwind Cloud, Zahlungen von meinem Konto mittels Lastschrift/);
    const payment = await db()
      .selectFrom('payment_methods')
      .where('tenant_id', '=', 'demo')
      .where('id', '=', contract.payment_method_id!)
      .select(['kind', 'mandate_text'])
      .executeTakeFirstOrThrow();
    assert.deepEqual(payment, { kind: 'sepa', mandate_text: shown });
  });

  it('stores HTML and script in names as text and escapes them in the e-mail', async () => {
    const order = validOrder(f.business, {
      customer: { ...validOrder(f.business).customer, firstName: '<script>alert(1)</script>', lastName: '<b>Bold</b>' },
    });
    const response = await submit(order);
    assert.equal(response.statusCode, 201, response.body);
    const customer = await db()
      .selectFrom('customers')
      .where('tenant_id', '=', 'demo')
      .where('id', '=', response.json<OrderResult>().customerId)
      .select('first_name')
      .executeTakeFirstOrThrow();
    assert.equal(customer.first_name, '<script>alert(1)</script>');
    const mail = await db()
      .selectFrom('email_outbox')
      .where('tenant_id', '=', 'demo')
      .where('to_address', '=', order.customer.email!)
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.doesNotMatch(mail.html_body ?? '', /<script>|<b>Bold/);
    assert.match(mail.html_body ?? '', /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
    assert.match(mail.text_body, /Hello <script>alert\(1\)<\/script> <b>Bold<\/b>,/);
  });

  it('takes invoice and card payments; a card keeps only brand, last four digits and expiry', async () => {
    const invoiceOrder = await submit(validOrder(f.business, { payment: { kind: 'invoice' } }));
    assert.equal(invoiceOrder.statusCode, 201, invoiceOrder.body);

    const tokenResponse = await f.app.inject({
      method: 'POST',
      url: '/api/payments/sandbox/demo/tokens',
      payload: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2040, cvc: '123', holder: 'Mia Keller' },
    });
    assert.equal(tokenResponse.statusCode, 200, tokenResponse.body);
    const token = tokenResponse.json();
    assert.deepEqual([token.brand, token.last4, token.expMonth, token.expYear], ['visa', '4242', 12, 2040]);
    const cardOrder = await submit(validOrder(f.business, { payment: { kind: 'card', cardToken: token.token } }));
    assert.equal(cardOrder.statusCode, 201, cardOrder.body);
    const method = await db()
      .selectFrom('payment_methods')
      .where('tenant_id', '=', 'demo')
      .where('customer_id', '=', cardOrder.json<OrderResult>().customerId)
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [method.kind, method.card_brand, method.card_last4, method.card_exp_month, method.card_exp_year, method.provider],
      ['card', 'visa', '4242', 12, 2040, 'sandbox'],
    );
    assert.doesNotMatch(JSON.stringify(method), /4242424242424242|424242424242/);
    const cardDocument = await db()
      .selectFrom('documents')
      .where('tenant_id', '=', 'demo')
      .where('contract_id', '=', cardOrder.json<OrderResult>().contractId)
      .select('content')
      .executeTakeFirstOrThrow();
    const cardText = readPdf(Buffer.from(cardDocument.content)).lines.join('\n');
    assert.match(cardText, /Card visa ending in 4242, expires 12\/2040/, 'every placeholder filled, {Last4} too');

    const otherTenant = await submit(
      validOrder(f.strict.variant, {
        customer: { ...validOrder(f.business).customer, company: 'X' },
        acceptedTerms: [],
        payment: { kind: 'card', cardToken: token.token },
      }),
      randomUUID(),
      'strict',
    );
    assert.equal(otherTenant.statusCode, 400);
    assert.ok(otherTenant.json().error.fields['payment.kind'], 'card is not enabled for the strict tenant');
    const forged = await fieldsOf(validOrder(f.business, { payment: { kind: 'card', cardToken: `${token.token}x` } }));
    assert.match(forged['payment.cardToken']!, /enter the card again/);
  });

  it('refuses each bad input with a message on its field', async () => {
    const base = validOrder(f.business);
    const c = base.customer;
    const withCustomer = (customer: object) => ({ ...validOrder(f.business), customer: { ...c, ...customer } });

    assert.equal((await fieldsOf(withCustomer({ lastName: '' })))['customer.lastName'], 'This field is required.');
    assert.match(
      (await fieldsOf(withCustomer({ email: 'not-an-email' })))['customer.email']!,
      /like name@example\.com/,
    );
    assert.equal(
      (await fieldsOf(withCustomer({ country: 'DE', postalCode: '1011' })))['customer.postalCode'],
      'Please enter a postal code of the chosen country.',
    );
    assert.match((await fieldsOf(withCustomer({ country: 'Germany' })))['customer.country']!, /two-letter ISO/);
    assert.match((await fieldsOf(withCustomer({ country: 'XX' })))['customer.country']!, /two-letter ISO/);
    assert.match((await fieldsOf(withCustomer({ vatId: 'DE123' })))['customer.vatId']!, /not valid/);
    assert.match(
      (await fieldsOf(withCustomer({ country: 'DE', vatId: 'NL123456789B01' })))['customer.vatId']!,
      /not from DE/,
    );
    assert.match((await fieldsOf(withCustomer({ nickname: 'x' })))['customer.nickname']!, /Unknown field/);
    // The customer's messages are in the order's language.
    const german = await fieldsOf({ ...withCustomer({ country: 'DE', vatId: 'NL123456789B01' }), language: 'de' });
    assert.equal(german['customer.vatId'], 'Diese USt-IdNr. stammt nicht aus DE.');
    assert.match(
      (await fieldsOf({ ...base, payment: { kind: 'sepa', holder: 'Mia', iban: 'DE89370400440532013001' } }))[
        'payment.iban'
      ]!,
      /not valid/,
    );
    assert.match(
      (
        await fieldsOf({
          ...base,
          payment: { kind: 'sepa', holder: 'Mia', iban: 'DE89370400440532013000', bic: 'INGBNL2A' },
        })
      )['payment.bic']!,
      /another country/,
    );
    assert.match(
      (await fieldsOf({ ...base, payment: { kind: 'sepa', holder: '', iban: 'DE89370400440532013000' } }))[
        'payment.holder'
      ]!,
      /account holder/,
    );
    assert.ok((await fieldsOf({ ...base, payment: { kind: 'cash' } }))['payment.kind']);
    const quantities = await fieldsOf({ ...base, components: { [f.seats]: 51, [f.support]: 0.5, unknown: 1 } });
    assert.match(quantities[`components.${f.seats}`]!, /between 0 and 50/);
    assert.match(quantities[`components.${f.support}`]!, /whole number/);
    assert.match(quantities['components.unknown']!, /does not exist/);
    assert.match((await fieldsOf({ ...base, components: { [f.seats]: -1 } }))[`components.${f.seats}`]!, /between/);
    const terms = await fieldsOf({ ...base, acceptedTerms: ['terms'] });
    assert.equal(terms['terms.privacy'], 'Please accept this to order.');
    assert.equal(terms['terms.terms'], undefined);
    const coupons: Array<[string, RegExp]> = [
      ['NOPE', /does not exist/],
      ['EXPIRED', /has expired/],
      ['USEDUP', /used up/],
      ['LATER', /not valid yet/],
    ];
    for (const [code, message] of coupons) {
      assert.match((await fieldsOf({ ...base, couponCode: code })).couponCode!, message, code);
    }
    assert.match(
      (await fieldsOf({ ...validOrder(f.starter), couponCode: 'SAVE50' })).couponCode!,
      /not valid for this plan/,
    );
  });

  it('refuses a hidden field that is sent anyway, naming it, and a coupon where the form has none', async () => {
    const order = validOrder(f.strict.variant, { acceptedTerms: [], payment: { kind: 'invoice' } });
    order.customer = { ...order.customer, company: 'Strict Buyer', phone: '+49 30 1' };
    const fields = await fieldsOf({ ...order, couponCode: 'WELCOME10' }, 'strict');
    assert.match(fields['customer.phone']!, /"phone" is not part of this signup form/);
    assert.match(fields.couponCode!, /does not take coupon codes/);
    const missingCompany = await fieldsOf(
      { ...order, customer: { ...order.customer, phone: '', company: '' } },
      'strict',
    );
    assert.equal(missingCompany['customer.company'], 'This field is required.');
    const ok = await submit({ ...order, customer: { ...order.customer, phone: '' } }, randomUUID(), 'strict');
    assert.equal(ok.statusCode, 201, ok.body);
    const contract = await db()
      .selectFrom('contracts')
      .where('tenant_id', '=', 'strict')
      .where('id', '=', ok.json<OrderResult>().contractId)
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.equal(contract.contract_number, '1', 'a new tenant numbers from 1');
    assert.ok(contract.minimum_term_end);
  });

  it('answers 404 for unknown and closed variants, 400 without key, malformed JSON, and 413 for a huge body', async () => {
    const unknown = await submit(validOrder('00000000-0000-4000-8000-000000000000'));
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'not_found');
    assert.equal((await submit(validOrder(f.closed))).statusCode, 404);
    const noKey = await submit(validOrder(f.business), null);
    assert.equal(noKey.statusCode, 400);
    assert.match(noKey.json().error.message, /Idempotency-Key/);
    const malformed = await f.app.inject({
      method: 'POST',
      url: '/api/signup/demo/orders',
      headers: { 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
      payload: '{"planVariantId": "x", ',
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.code, 'malformed_json');
    const huge = await submit({ ...validOrder(f.business), padding: 'x'.repeat(40 * 1024) });
    assert.equal(huge.statusCode, 413);
    assert.equal(huge.json().error.code, 'body_too_large');
  });

  it('gives the same order for the same key and body, and refuses the key with another body', async () => {
    const key = randomUUID();
    const order = validOrder(f.business);
    const first = await submit(order, key);
    assert.equal(first.statusCode, 201);
    const { payment, ...rest } = order;
    const reordered = JSON.parse(JSON.stringify({ payment, ...rest })) as OrderRequest;
    const again = await submit(reordered, key);
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), first.json());
    const other = await submit({ ...order, components: { [f.seats]: 2 } }, key);
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().error.code, 'idempotency_conflict');
    const customers = await db()
      .selectFrom('customers')
      .where('tenant_id', '=', 'demo')
      .where('email', '=', order.customer.email!)
      .select('id')
      .execute();
    assert.equal(customers.length, 1);
  });

  it('creates one order for two concurrent submissions with one key', async () => {
    const key = randomUUID();
    const order = validOrder(f.business);
    const [a, b] = await Promise.all([submit(order, key), submit(order, key)]);
    assert.deepEqual([a!.statusCode, b!.statusCode].sort(), [200, 201]);
    assert.equal(a!.json().orderId, b!.json().orderId);
    const orders = await db()
      .selectFrom('orders')
      .where('tenant_id', '=', 'demo')
      .where('idempotency_key', '=', key)
      .select('id')
      .execute();
    assert.equal(orders.length, 1);
    const customers = await db()
      .selectFrom('customers')
      .where('tenant_id', '=', 'demo')
      .where('email', '=', order.customer.email!)
      .select('id')
      .execute();
    assert.equal(customers.length, 1);
  });

  const tables = ['customers', 'contracts', 'invoices', 'documents', 'email_outbox', 'orders'] as const;
  const count = async (table: (typeof tables)[number]) =>
    Number(
      (
        await db()
          .selectFrom(table)
          .where('tenant_id', '=', 'demo')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const counts = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)])));
  const sequences = async () =>
    Object.fromEntries(
      (await db().selectFrom('number_sequences').where('tenant_id', '=', 'demo').selectAll().execute()).map((s) => [
        s.kind,
        Number(s.next_value),
      ]),
    );
  const orderOf = (key: string) =>
    db()
      .selectFrom('orders')
      .where('tenant_id', '=', 'demo')
      .where('idempotency_key', '=', key)
      .selectAll()
      .executeTakeFirstOrThrow();
  const crashAt = (failing: string) => {
    orderTestHooks.afterStep = (step) => {
      if (step === failing) throw new Error(`simulated crash after ${step}`);
    };
  };
  /** The order's contract document, its e-mail and its audit entry: exactly one each, the e-mail carrying it. */
  const assertDocumented = async (result: OrderResult, email: string) => {
    const documents = await db()
      .selectFrom('documents')
      .where('tenant_id', '=', 'demo')
      .where('contract_id', '=', result.contractId)
      .selectAll()
      .execute();
    assert.equal(documents.length, 1);
    const [document] = documents;
    assert.equal(document!.kind, 'contract');
    const pdf = Buffer.from(document!.content);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.equal(document!.sha256, createHash('sha256').update(pdf).digest('hex'));
    const mails = await db()
      .selectFrom('email_outbox')
      .where('tenant_id', '=', 'demo')
      .where('to_address', '=', email)
      .selectAll()
      .execute();
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.attachments[0]?.documentId, document!.id);
    assert.match(mails[0]!.text_body, /portal\?language=en#token=/);
    const audit = await db()
      .selectFrom('audit_log')
      .where('tenant_id', '=', 'demo')
      .where('action', '=', 'document.created')
      .where('entity_id', '=', document!.id)
      .select('id')
      .execute();
    assert.equal(audit.length, 1);
  };

  it('leaves nothing behind when a step of the first transaction fails, and gives the numbers back', async () => {
    const before = await counts();
    const numbers = await sequences();
    for (const failing of ['order', 'numbers', 'rows']) {
      crashAt(failing);
      const response = await submit(validOrder(f.business, { couponCode: 'LASTONE' }));
      assert.equal(response.statusCode, 500, failing);
      assert.deepEqual(await counts(), before, `no rows after a crash at ${failing}`);
      assert.deepEqual(await sequences(), numbers, `the numbers are given back after a crash at ${failing}`);
      const coupon = await db()
        .selectFrom('coupons')
        .where('tenant_id', '=', 'demo')
        .where('code', '=', 'LASTONE')
        .select('redemptions')
        .executeTakeFirstOrThrow();
      assert.equal(coupon.redemptions, 0);
    }
    delete orderTestHooks.afterStep;
    const retry = await submit(validOrder(f.business, { couponCode: 'LASTONE' }));
    assert.equal(retry.statusCode, 201, retry.body);
    const exhausted = await fieldsOf(validOrder(f.business, { couponCode: 'LASTONE' }));
    assert.match(exhausted.couponCode!, /used up/);
  });

  it('answers the order before its document: the worker then renders it and queues the confirmation with it', async () => {
    const key = randomUUID();
    const order = validOrder(f.business, {
      customer: { ...validOrder(f.business).customer, email: `${key}@example.com` },
    });
    const before = await counts();
    const placed = await place(order, key);
    assert.equal(placed.statusCode, 201, placed.body);
    const result = placed.json<OrderResult>();
    const left = await orderOf(key);
    assert.equal(left.status, 'documenting');
    assert.deepEqual(left.response, result, 'a retry can be answered at once');
    assert.deepEqual(await counts(), {
      ...before,
      customers: before.customers! + 1,
      contracts: before.contracts! + 1,
      invoices: before.invoices! + 1,
      orders: before.orders! + 1,
    });
    const retry = await place(order, key);
    assert.equal(retry.statusCode, 200, retry.body);
    assert.deepEqual(retry.json(), result);

    assert.equal(await finishDocumentingOrders(db()), 1);
    await assertDocumented(result, order.customer.email!);
    const done = await orderOf(key);
    assert.equal(done.status, 'completed');
    assert.equal(done.document_input, null);
    assert.equal(done.document_lease_until, null);
    assert.equal(await finishDocumentingOrders(db()), 0, 'nothing left');
    await assertDocumented(result, order.customer.email!);
  });

  it('leaves a crash after the first transaction a documenting order with its numbers taken', async () => {
    const before = await counts();
    const numbers = await sequences();
    crashAt('placed');
    const key = randomUUID();
    const order = validOrder(f.business, {
      customer: { ...validOrder(f.business).customer, email: `${key}@example.com` },
    });
    assert.equal((await place(order, key)).statusCode, 500);
    delete orderTestHooks.afterStep;
    const left = await orderOf(key);
    assert.equal(left.status, 'documenting');
    assert.ok(left.document_input && left.customer_id && left.contract_id);
    assert.equal(
      (await counts()).orders,
      before.orders! + 1,
      'the order is committed though its request failed after the commit',
    );
    const taken = await sequences();
    for (const kind of ['customer', 'contract', 'invoice']) assert.equal(taken[kind], numbers[kind]! + 1, kind);
    const retry = await place(order, key);
    assert.equal(retry.statusCode, 200, retry.body);
    assert.equal(retry.json<OrderResult>().orderId, left.id);
    assert.equal(await finishDocumentingOrders(db()), 1);
    await assertDocumented(retry.json<OrderResult>(), order.customer.email!);
    assert.deepEqual(await sequences(), taken, 'finishing takes no number');
  });

  it('a documenting order whose worker died is finished by the next pass once its lease has run out', async () => {
    // rendered: PDF rendered, not stored; document, email: inside the second transaction, which rolls back whole.
    for (const failing of ['rendered', 'document', 'email']) {
      const key = randomUUID();
      const order = validOrder(f.starter, {
        customer: { ...validOrder(f.starter).customer, email: `${key}@example.com` },
      });
      assert.equal((await place(order, key)).statusCode, 201);
      crashAt(failing);
      assert.equal(await finishDocumentingOrders(db()), 0, `the worker dies at ${failing}`);
      delete orderTestHooks.afterStep;
      const left = await orderOf(key);
      assert.equal(left.status, 'documenting', failing);
      assert.ok(left.document_lease_until, 'still claimed by the dead worker');
      assert.equal(await finishDocumentingOrders(db()), 0, 'another worker leaves a claimed order alone');
      const later = new Date(Date.now() + (DOCUMENT_LEASE_SECONDS + 1) * 1000);
      assert.equal(await finishDocumentingOrders(db(), { clock: () => later }), 1, `after a crash at ${failing}`);
      const result = (await orderOf(key)).response as unknown as OrderResult;
      assert.equal(result.invoiceId, null, 'a trial');
      await assertDocumented(result, order.customer.email!);
      const mail = await db()
        .selectFrom('email_outbox')
        .where('tenant_id', '=', 'demo')
        .where('to_address', '=', order.customer.email!)
        .selectAll()
        .executeTakeFirstOrThrow();
      assert.match(mail.text_body, /free trial runs until/);
    }
  });

  it('two workers at once finish a documenting order once', async () => {
    const key = randomUUID();
    const order = validOrder(f.business, {
      customer: { ...validOrder(f.business).customer, email: `${key}@example.com` },
    });
    assert.equal((await place(order, key)).statusCode, 201);
    const [a, b] = await Promise.all([finishDocumentingOrders(db()), finishDocumentingOrders(db())]);
    assert.equal(a + b, 1);
    await assertDocumented((await orderOf(key)).response as unknown as OrderResult, order.customer.email!);
  });
});

describeEachDatabase(
  'signup orders on a pool of one connection',
  (database) => {
    let f: SignupFixture;
    before(async () => {
      f = await signupFixture(database());
    });
    after(() => f.app.close());
    afterEach(() => {
      delete orderTestHooks.aroundRender;
    });

    it('the worker renders the contract PDF holding no connection: another request is served meanwhile', async () => {
      const key = randomUUID();
      const seen: Array<{ status: number; order: string | undefined; documents: number }> = [];
      orderTestHooks.aroundRender = async (render) => {
        // With the pool's one connection (PGlite: its one session) held by a transaction, these would wait for it
        // and fail with 503 after the pool's wait.
        const other = await f.app.inject(`/api/signup/strict/plan-variants/${f.strict.variant}/config`);
        const order = await database()
          .db.selectFrom('orders')
          .where('tenant_id', '=', 'demo')
          .where('idempotency_key', '=', key)
          .select(['status', 'contract_id'])
          .executeTakeFirst();
        const documents = order?.contract_id
          ? await database()
              .db.selectFrom('documents')
              .where('tenant_id', '=', 'demo')
              .where('contract_id', '=', order.contract_id)
              .select('id')
              .execute()
          : [];
        seen.push({ status: other.statusCode, order: order?.status, documents: documents.length });
        return render();
      };
      const response = await f.app.inject({
        method: 'POST',
        url: '/api/signup/demo/orders',
        headers: { 'idempotency-key': key },
        payload: validOrder(f.business),
      });
      assert.equal(response.statusCode, 201, response.body);
      assert.deepEqual(seen, [], 'the order answers before its document is rendered');
      assert.equal(await finishDocumentingOrders(database().db), 1);
      // Rendered once, by the worker, while the order was committed as documenting, before its document was stored.
      assert.deepEqual(seen, [{ status: 200, order: 'documenting', documents: 0 }]);
      const document = await database()
        .db.selectFrom('documents')
        .where('tenant_id', '=', 'demo')
        .where('contract_id', '=', response.json<OrderResult>().contractId)
        .select('kind')
        .executeTakeFirstOrThrow();
      assert.equal(document.kind, 'contract');
    });
  },
  demoDatabaseWith({ size: 1, waitMs: 1000 }),
);
