import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { createApiKey } from '../merchant-api/api-keys.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer } from '../testing/portal.ts';
import { signupFixture, validOrder } from '../testing/signup.ts';
import { createWebhookWorker, RETRY_DELAYS_SECONDS } from './worker.ts';

interface Received {
  id: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A merchant's webhook receiver on this machine: answers with the next status of `answers` (then 200). */
function receiver() {
  const received: Received[] = [];
  const answers: number[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        id: String(request.headers['webhook-id']),
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      response.writeHead(answers.shift() ?? 200).end('ok');
    });
  });
  return {
    received,
    answers,
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`),
        ),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describeEachDemoDatabase('webhooks and events', (database) => {
  let app: FastifyInstance;
  let strict: FastifyInstance;
  let key: string;
  let url: string;
  const hooks = receiver();
  const db = () => database().db;
  /** The worker's clock runs ahead by `ahead` seconds, to reach retries without waiting for them. */
  let ahead = 0;
  const worker = () =>
    createWebhookWorker(db(), {
      allowPrivate: true,
      clock: () => new Date(Date.now() + ahead * 1000),
      random: () => 0.5,
    });

  before(async () => {
    app = await testApp(database(), { webhooksAllowPrivate: true });
    strict = await testApp(database());
    key = await createApiKey(db(), 'demo', 'webhooks test');
    url = await hooks.listen();
  });
  after(async () => {
    await app.close();
    await strict.close();
    await hooks.close();
  });
  beforeEach(async () => {
    // Each test starts with no endpoint and nothing to deliver.
    await db().deleteFrom('webhook_endpoints').execute();
    hooks.received.length = 0;
    hooks.answers.length = 0;
    ahead = 0;
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object, on = app) =>
    on.inject({ method, url: `/api/v1${path}`, payload, headers: { authorization: `Bearer ${key}` } });

  const newEndpoint = async (body: object = {}) => {
    const response = await call('POST', '/webhook-endpoints', { url, ...body });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { id: string; secret: string; eventTypes: string[] };
  };
  const newCustomer = async () =>
    (await call('POST', '/customers', { email: `hook-${randomUUID()}@example.com` })).json();

  it('signs every delivery so that the standardwebhooks library verifies it, with the event the events API shows', async () => {
    const endpoint = await newEndpoint();
    assert.match(endpoint.secret, /^whsec_[A-Za-z0-9+/=]{32}$/);
    const stored = await db()
      .selectFrom('webhook_endpoints')
      .where('id', '=', endpoint.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.equal(stored.secret, null);
    assert.ok(!JSON.stringify(stored).includes(endpoint.secret.slice(6)), 'the secret is stored sealed only');
    const customer = await newCustomer();
    assert.equal(await worker().runOnce(), 1);
    assert.equal(hooks.received.length, 1);
    const [delivery] = hooks.received;
    const verified = new Webhook(endpoint.secret).verify(
      delivery!.body,
      delivery!.headers as Record<string, string>,
    ) as {
      id: string;
      type: string;
      data: { customerId: string };
    };
    assert.equal(verified.type, 'customer.created');
    assert.equal(verified.data.customerId, customer.id);
    assert.equal(verified.id, delivery!.id);
    assert.throws(() =>
      new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(
        delivery!.body,
        delivery!.headers as Record<string, string>,
      ),
    );
    assert.throws(() =>
      new Webhook(endpoint.secret).verify(
        delivery!.body.replace('customer', 'Customer'),
        delivery!.headers as Record<string, string>,
      ),
    );

    const event = (await call('GET', `/events/${delivery!.id}`)).json();
    assert.deepEqual(event, verified);
    const listed = (await call('GET', '/events?type=customer.created&limit=1')).json();
    assert.equal(listed.data[0].id, delivery!.id);
    assert.equal(await worker().runOnce(), 0, 'delivered once');
  });

  it('retries a failed delivery with backoff and logs every attempt; the receiver sees the event once', async () => {
    const endpoint = await newEndpoint();
    hooks.answers.push(500, 500);
    await newCustomer();
    assert.equal(await worker().runOnce(), 0);
    assert.equal(await worker().runOnce(), 0, 'not due again before its backoff');
    ahead = RETRY_DELAYS_SECONDS[0]! + 1;
    assert.equal(await worker().runOnce(), 0);
    ahead += RETRY_DELAYS_SECONDS[1]! + 1;
    assert.equal(await worker().runOnce(), 1);
    assert.deepEqual(new Set(hooks.received.map((r) => r.id)).size, 1, 'the same webhook-id at every attempt');
    assert.equal(hooks.received.length, 3);

    const log = (await call('GET', `/webhook-endpoints/${endpoint.id}/deliveries`)).json();
    assert.equal(log.data.length, 1);
    assert.equal(log.data[0].status, 'delivered');
    assert.deepEqual(
      log.data[0].log.map((attempt: { attempt: number; responseStatus: number }) => [
        attempt.attempt,
        attempt.responseStatus,
      ]),
      [
        [1, 500],
        [2, 500],
        [3, 200],
      ],
    );
  });

  it('gives up after the last retry (over three days) and delivers again on request', async () => {
    const endpoint = await newEndpoint();
    const total = RETRY_DELAYS_SECONDS.reduce((sum, delay) => sum + delay, 0);
    assert.ok(total >= 3 * 24 * 3600, `retries span ${total} s`);
    hooks.answers.push(...Array<number>(RETRY_DELAYS_SECONDS.length + 1).fill(503));
    await newCustomer();
    for (let attempt = 0; attempt <= RETRY_DELAYS_SECONDS.length; attempt += 1) {
      await worker().runOnce();
      ahead += (RETRY_DELAYS_SECONDS[attempt] ?? 0) * 1.3;
    }
    const failed = (await call('GET', `/webhook-endpoints/${endpoint.id}/deliveries?status=failed`)).json().data;
    assert.equal(failed.length, 1);
    assert.equal(failed[0].attempts, RETRY_DELAYS_SECONDS.length + 1);
    assert.equal(hooks.received.length, RETRY_DELAYS_SECONDS.length + 1);

    const again = await call('POST', `/webhook-deliveries/${failed[0].id}/redeliver`);
    assert.equal(again.statusCode, 202);
    assert.equal(await worker().runOnce(), 1);
    const delivered = (await call('GET', `/webhook-endpoints/${endpoint.id}/deliveries`)).json().data[0];
    assert.equal(delivered.status, 'delivered');
  });

  it('sends only the event types an endpoint subscribed to, and nothing to a disabled one', async () => {
    const invoices = await newEndpoint({ eventTypes: ['invoice.issued'] });
    const off = await newEndpoint({ enabled: false });
    await newCustomer();
    assert.equal(await worker().runOnce(), 0);
    assert.equal(hooks.received.length, 0);
    for (const endpoint of [invoices, off]) {
      assert.equal((await call('GET', `/webhook-endpoints/${endpoint.id}/deliveries`)).json().data.length, 0);
    }
    const bad = await call('POST', '/webhook-endpoints', { url, eventTypes: ['invoice.printed'] });
    assert.equal(bad.statusCode, 400);
  });

  it('records the events of an order (customer, contract, invoice, order) in its transaction', async () => {
    const endpoint = await newEndpoint();
    const fixture = await signupFixture(database());
    const order = await fixture.app.inject({
      method: 'POST',
      url: '/api/signup/demo/orders',
      headers: { 'idempotency-key': randomUUID() },
      payload: validOrder(fixture.business),
    });
    assert.equal(order.statusCode, 201, order.body);
    await worker().runOnce();
    const types = hooks.received.map((delivery) => (JSON.parse(delivery.body) as { type: string }).type).sort();
    assert.deepEqual(types, ['contract.created', 'customer.created', 'invoice.issued', 'order.completed']);
    const completed = hooks.received.map((d) => JSON.parse(d.body)).find((e) => e.type === 'order.completed');
    assert.equal(completed.data.orderId, order.json().orderId);
    assert.ok(endpoint.id);
    await fixture.app.close();
  });

  it('signs with both secrets during a rotation, each verifiable on its own', async () => {
    const endpoint = await newEndpoint();
    const rotated = await call('POST', `/webhook-endpoints/${endpoint.id}/rotate-secret`);
    assert.equal(rotated.statusCode, 200);
    const fresh = rotated.json().secret as string;
    assert.notEqual(fresh, endpoint.secret);
    assert.ok(rotated.json().previousSecretExpiresAt);
    assert.equal((await call('GET', `/webhook-endpoints/${endpoint.id}/secret`)).json().secret, fresh);
    await newCustomer();
    await worker().runOnce();
    const [delivery] = hooks.received;
    assert.equal(String(delivery!.headers['webhook-signature']).split(' ').length, 2);
    for (const secret of [fresh, endpoint.secret]) {
      assert.ok(new Webhook(secret).verify(delivery!.body, delivery!.headers as Record<string, string>));
    }
  });

  it('refuses endpoints on this machine or a private network unless allowed, also at delivery time', async () => {
    for (const target of [
      'http://127.0.0.1/x',
      'http://localhost:8080/x',
      'http://10.1.2.3/x',
      'http://[::1]/x',
      'http://169.254.169.254/latest',
    ]) {
      const refused = await call('POST', '/webhook-endpoints', { url: target }, strict);
      assert.equal(refused.statusCode, 400, target);
      assert.ok(refused.json().error.fields.url, target);
    }
    for (const target of ['ftp://example.com/x', 'https://user:pw@example.com/x', 'not a url']) {
      assert.equal((await call('POST', '/webhook-endpoints', { url: target }, strict)).statusCode, 400, target);
    }
    // Saved where it was allowed, then delivered by a worker that does not allow it: refused, logged, retried later.
    const endpoint = await newEndpoint({ url: url.replace('127.0.0.1', 'localhost') });
    await newCustomer();
    const guarded = createWebhookWorker(db(), { allowPrivate: false });
    assert.equal(await guarded.runOnce(), 0);
    assert.equal(hooks.received.length, 0);
    const [delivery] = (await call('GET', `/webhook-endpoints/${endpoint.id}/deliveries`)).json().data;
    assert.equal(delivery.status, 'pending');
    assert.match(delivery.lastError, /private address/);
  });

  it("keeps each tenant's endpoints, deliveries and events to itself", async () => {
    const endpoint = await newEndpoint();
    await createTenantWithCustomer(db(), 'other-hooks');
    const otherKey = await createApiKey(db(), 'other-hooks', 'other');
    const as = (method: 'GET' | 'DELETE', path: string) =>
      app.inject({ method, url: `/api/v1${path}`, headers: { authorization: `Bearer ${otherKey}` } });
    assert.equal((await as('GET', `/webhook-endpoints/${endpoint.id}`)).statusCode, 404);
    assert.equal((await as('GET', `/webhook-endpoints/${endpoint.id}/secret`)).statusCode, 404);
    assert.equal((await as('DELETE', `/webhook-endpoints/${endpoint.id}`)).statusCode, 404);
    assert.equal((await as('GET', '/events')).json().data.length, 0);
  });
});
