import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { describeEachDemoDatabase } from '../demo/testing.ts';
import { publicRoutes, type PublicRoutes } from '../testing/public-routes.ts';
import { validOrder } from '../testing/signup.ts';

/**
 * Property: no request to a public route — signup, hosted pages, sandbox card tokens, portal, translations, merchant
 * API — answers 5xx, whatever one of its values is: text with NUL bytes, lone surrogates, right-to-left overrides,
 * huge numbers, impossible dates, deeply nested JSON. Every JSON refusal is in the documented error format.
 *
 * Reproducible: the seed is fixed (`PORTICO_FC_SEED` picks another, `PORTICO_FC_RUNS` the number of runs), and a
 * failure prints fast-check's seed and path with the smallest failing request.
 */
const SEED = Number(process.env.PORTICO_FC_SEED ?? 20261207);
const RUNS = Number(process.env.PORTICO_FC_RUNS ?? 250);

/** A value nested `depth` levels deep; written as JSON text, since JSON.stringify would recurse over it. */
class Deep {
  constructor(
    readonly depth: number,
    readonly kind: 'array' | 'object',
  ) {}
  toJson(): string {
    return this.kind === 'array'
      ? '['.repeat(this.depth) + ']'.repeat(this.depth)
      : '{"a":'.repeat(this.depth) + '0' + '}'.repeat(this.depth);
  }
  toString(): string {
    return this.toJson();
  }
}

const pieces = fc.constantFrom(
  '\u0000',
  '\ud800',
  '\udfff',
  '\udc00\ud800',
  '\u202e',
  '\u202d',
  '\u2066',
  '\u200f',
  '\ufeff',
  '\uffff',
  '😀',
  'مريم',
  '%00',
  '../',
  "'; drop table tenants; --",
  '<script>',
  '0000-01-01',
  'x'.repeat(5000),
);
const hostileText = fc
  .array(fc.oneof(pieces, fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 12 })), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => parts.join(''));
const hostileNumber = fc.oneof(
  fc.constantFrom(99999999999, 1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, -0, 0.5, 1e-320),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const hostileDate = fc.oneof(
  fc.constantFrom('2024-02-30', '0000-01-01', '2023-02-29', '2024-04-31', '0000-00-00', '2024-13-01', '0000-01'),
  fc
    .tuple(fc.integer({ min: 0, max: 2100 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
    .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
  fc
    .tuple(fc.integer({ min: 0, max: 2100 }), fc.integer({ min: 0, max: 99 }))
    .map(([y, m]) => `${pad(y, 4)}-${pad(m, 2)}`),
);
const hostileNesting = fc
  .tuple(fc.integer({ min: 20, max: 6000 }), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, kind]) => new Deep(depth, kind));
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 2, arbitrary: hostileDate },
  { weight: 1, arbitrary: hostileNesting },
  { weight: 1, arbitrary: fc.constantFrom(null, true, [], {}, [1, 'x'], { '\u0000': 1 }) },
);

/** Percent-encodes text for a URL; a lone surrogate becomes the bytes a client would send for it (`%ED%A0%80`). */
function encode(value: unknown): string {
  const text = String(value);
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}

/** JSON text of a body, with each `Deep` written out. */
function toJson(body: unknown): string {
  const deep: Deep[] = [];
  const json = JSON.stringify(body, (_key, value: unknown) => {
    if (value instanceof Deep) return `\u0001deep${deep.push(value) - 1}\u0001`;
    return value;
  });
  return json.replace(/"\\u0001deep(\d+)\\u0001"/g, (_m, index: string) => deep[Number(index)]!.toJson());
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** With `:name` path parameters, filled from `params`. */
  path: string;
  params: Record<string, string>;
  query?: Record<string, string>;
  body?: () => unknown;
  auth?: 'session' | 'apiKey';
  /** Where the hostile value goes: `params.x`, `query.x`, `body` (the whole body) or `body.a.b`. */
  targets: string[];
}

function routes(r: PublicRoutes): Route[] {
  const t = { tenant: r.tenant };
  const c = { ...t, id: r.contractId };
  const order = () => validOrder(r.variantId, { payment: { kind: 'card', cardToken: r.cardToken } });
  const customer = ['email', 'firstName', 'lastName', 'company', 'street', 'city', 'postalCode', 'country', 'vatId'];
  return [
    {
      method: 'GET',
      path: '/api/signup/:tenant/plan-variants/:id',
      params: { ...t, id: r.variantId },
      targets: ['params.tenant', 'params.id'],
    },
    {
      method: 'GET',
      path: '/api/signup/:tenant/plan-variants/:id/config',
      params: { ...t, id: r.variantId },
      query: { language: 'de' },
      targets: ['params.tenant', 'params.id', 'query.language'],
    },
    {
      method: 'POST',
      path: '/api/signup/:tenant/preview',
      params: t,
      body: () => ({ planVariantId: r.variantId, components: {}, customer: { country: 'DE' }, couponCode: 'WELCOME' }),
      targets: [
        'params.tenant',
        'body',
        'body.planVariantId',
        'body.couponCode',
        'body.language',
        'body.components',
        'body.components.x',
        'body.customer',
        ...customer.map((f) => `body.customer.${f}`),
      ],
    },
    {
      method: 'POST',
      path: '/api/signup/:tenant/orders',
      params: t,
      body: order,
      targets: [
        'params.tenant',
        'body',
        'body.couponCode',
        'body.acceptedTerms',
        'body.language',
        'body.components',
        'body.customer.extra',
        ...customer.map((f) => `body.customer.${f}`),
        'body.payment.kind',
        'body.payment.holder',
        'body.payment.iban',
        'body.payment.bic',
        'body.payment.cardToken',
      ],
    },
    {
      method: 'GET',
      path: '/:tenant/signup/:id',
      params: { ...t, id: r.variantId },
      query: { embed: '1' },
      targets: ['params.tenant', 'params.id', 'query.embed', 'query.language'],
    },
    { method: 'GET', path: '/:tenant/portal', params: t, targets: ['params.tenant', 'query.language', 'query.embed'] },
    { method: 'GET', path: '/:tenant/.well-known/jwks.json', params: t, targets: ['params.tenant'] },
    {
      method: 'GET',
      path: '/:tenant/payments/sandbox/card-frame',
      params: t,
      query: { origin: 'http://localhost' },
      targets: ['params.tenant', 'query.origin'],
    },
    {
      method: 'POST',
      path: '/api/payments/sandbox/:tenant/tokens',
      params: t,
      body: () => ({ number: '4242 4242 4242 4242', expMonth: 12, expYear: 2040, cvc: '123', holder: 'Mia Keller' }),
      targets: ['params.tenant', 'body', 'body.number', 'body.expMonth', 'body.expYear', 'body.cvc', 'body.holder'],
    },
    {
      method: 'POST',
      path: '/api/portal/:tenant/session',
      params: t,
      body: () => ({ token: 'x' }),
      targets: ['params.tenant', 'body', 'body.token'],
    },
    {
      method: 'POST',
      path: '/api/portal/:tenant/request-link',
      params: t,
      body: () => ({ contractNumber: '20001', email: 'someone@example.com' }),
      targets: ['params.tenant', 'body.contractNumber', 'body.email'],
    },
    {
      method: 'POST',
      path: '/api/portal/:tenant/session/extend',
      params: t,
      auth: 'session',
      targets: ['params.tenant', 'query.language'],
    },
    {
      method: 'GET',
      path: '/api/portal/:tenant/session/contracts',
      params: t,
      auth: 'session',
      targets: ['params.tenant', 'query.language'],
    },
    {
      method: 'GET',
      path: '/api/portal/:tenant/dashboard',
      params: t,
      auth: 'session',
      targets: ['params.tenant', 'query.language'],
    },
    {
      method: 'GET',
      path: '/api/portal/:tenant/contracts/:id',
      params: c,
      auth: 'session',
      targets: ['params.id', 'query.language'],
    },
    {
      method: 'GET',
      path: '/api/portal/:tenant/contracts/:id/document',
      params: c,
      auth: 'session',
      targets: ['params.id'],
    },
    {
      method: 'GET',
      path: '/api/portal/:tenant/invoices',
      params: t,
      query: { limit: '5' },
      auth: 'session',
      targets: ['query.contract', 'query.status', 'query.year', 'query.cursor', 'query.limit'],
    },
    {
      method: 'GET',
      path: '/api/portal/:tenant/invoices/:id/pdf',
      params: { ...t, id: 'x' },
      auth: 'session',
      targets: ['params.id'],
    },
    { method: 'GET', path: '/api/portal/:tenant/persons', params: t, auth: 'session', targets: ['params.tenant'] },
    {
      method: 'POST',
      path: '/api/portal/:tenant/persons',
      params: t,
      auth: 'session',
      body: () => ({
        email: 'eve@example.com',
        firstName: 'Eve',
        lastName: 'E',
        role: 'member',
        permissions: ['invoices'],
      }),
      targets: ['body', 'body.email', 'body.firstName', 'body.lastName', 'body.phone', 'body.role', 'body.permissions'],
    },
    {
      method: 'PATCH',
      path: '/api/portal/:tenant/persons/:id',
      params: { ...t, id: r.personId },
      auth: 'session',
      body: () => ({ role: 'owner' }),
      targets: ['params.id', 'body', 'body.role', 'body.permissions'],
    },
    {
      method: 'DELETE',
      path: '/api/portal/:tenant/persons/:id',
      params: { ...t, id: r.personId },
      auth: 'session',
      targets: ['params.id'],
    },
    {
      method: 'GET',
      path: '/api/portal/:tenant/contracts/:id/cancellation',
      params: c,
      auth: 'session',
      targets: ['params.id'],
    },
    {
      method: 'POST',
      path: '/api/portal/:tenant/contracts/:id/cancellation',
      params: c,
      auth: 'session',
      body: () => ({ endDate: '2020-01-01', reason: 'x' }),
      targets: ['params.id', 'body', 'body.endDate', 'body.reason'],
    },
    {
      method: 'GET',
      path: '/api/portal/:tenant/billing-address',
      params: t,
      auth: 'session',
      targets: ['params.tenant'],
    },
    {
      method: 'PUT',
      path: '/api/portal/:tenant/billing-address',
      params: t,
      auth: 'session',
      body: () => ({ address: { city: 'Berlin' }, version: 1 }),
      targets: ['body', 'body.version', 'body.address', ...customer.map((f) => `body.address.${f}`)],
    },
    {
      method: 'GET',
      path: '/api/portal/:tenant/contracts/:id/usage',
      params: c,
      auth: 'session',
      targets: ['params.id', 'query.month', 'query.dimension', 'query.language'],
    },
    {
      method: 'GET',
      path: '/api/portal/:tenant/contracts/:id/usage/export',
      params: c,
      query: { format: 'csv' },
      auth: 'session',
      targets: ['params.id', 'query.month', 'query.dimension', 'query.format'],
    },
    {
      method: 'GET',
      path: '/api/portal/:tenant/payment-method',
      params: t,
      auth: 'session',
      targets: ['query.language'],
    },
    {
      method: 'PUT',
      path: '/api/portal/:tenant/payment-method',
      params: t,
      auth: 'session',
      body: () => ({ kind: 'sepa', holder: 'Mia', iban: 'DE89 3704 0044 0532 0130 00' }),
      targets: ['body', 'body.kind', 'body.holder', 'body.iban', 'body.bic', 'body.cardToken'],
    },
    { method: 'GET', path: '/api/i18n/:locale/messages', params: { locale: 'de' }, targets: ['params.locale'] },
    {
      method: 'POST',
      path: '/api/v1/contracts/:id/self-service-token',
      params: { id: r.contractId },
      auth: 'apiKey',
      body: () => ({ language: 'de' }),
      targets: ['params.id', 'body', 'body.personId', 'body.lifetimeSeconds', 'body.language', 'body.action'],
    },
    // Only the date's value: a real date far ahead would bill every period up to it (slow, not wrong).
    {
      method: 'POST',
      path: '/api/v1/billing-runs',
      params: {},
      auth: 'apiKey',
      body: () => ({ date: '2020-01-01' }),
      targets: ['body', 'body.date'],
    },
    { method: 'GET', path: '/api/v1/openapi.json', params: {}, targets: ['query.x'] },
  ];
}

function request(r: PublicRoutes, route: Route, target: string, value: unknown, n: number): InjectOptions {
  const params = { ...route.params };
  const query: Record<string, string> = { ...route.query };
  let body = route.body?.();
  const [part, ...path] = target.split('.');
  if (part === 'params') params[path[0]!] = value as string;
  else if (part === 'query') query[path[0]!] = value as string;
  else if (path.length === 0) body = value;
  else setPath(body as Record<string, unknown>, path, value);
  const url =
    route.path.replace(/:(\w+)/g, (_m, name: string) => encode(params[name])) +
    (Object.keys(query).length
      ? '?' +
        Object.entries(query)
          .map(([k, v]) => `${k}=${encode(v)}`)
          .join('&')
      : '');
  const headers: Record<string, string> = { 'idempotency-key': `hostile-${SEED}-${n}` };
  if (route.auth === 'session') headers.authorization = `Bearer ${r.session}`;
  if (route.auth === 'apiKey') headers.authorization = `Bearer ${r.apiKey}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return { method: route.method, url, headers, payload: body === undefined ? undefined : toJson(body) };
}

describeEachDemoDatabase('attack: hostile values in every public route', (database) => {
  let r: PublicRoutes;
  before(async () => {
    r = await publicRoutes(database());
  });
  after(() => r.app.close());

  it(`attack: no hostile value makes any public route answer 5xx (fast-check, seed ${SEED}, ${RUNS} runs)`, async () => {
    const all = routes(r);
    const cases = fc
      .integer({ min: 0, max: all.length - 1 })
      .chain((index) => fc.tuple(fc.constant(index), fc.constantFrom(...all[index]!.targets), hostileValue));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(cases, async ([index, target, value]) => {
        const route = all[index]!;
        const options = request(r, route, target, value, n++);
        const response = await r.app.inject(options);
        const what = `${route.method} ${route.path} with ${target} = ${JSON.stringify(String(value).slice(0, 80))}`;
        assert.ok(response.statusCode < 500, `${what}: ${response.statusCode} ${response.body.slice(0, 300)}`);
        // The APIs answer JSON errors; the hosted pages answer a browser with an HTML page.
        if (response.statusCode >= 400 && String(response.headers['content-type']).startsWith('application/json')) {
          const body = response.json() as { error?: { code?: unknown; message?: unknown } };
          assert.equal(typeof body.error?.code, 'string', `${what}: not the error format: ${response.body}`);
          assert.equal(typeof body.error?.message, 'string', `${what}: not the error format: ${response.body}`);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
  });
});
