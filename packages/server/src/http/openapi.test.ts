import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createApp } from '../app.ts';
import type { Database } from '../db/database.ts';
import type { DevMailbox } from '../email/dev-mailbox.ts';
import { openFreshPglite } from '../testing/databases.ts';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, unknown>; summary?: string }>>;
}

/** The routes of `app.printRoutes()` as `METHOD /path` (HEAD, which Fastify adds to every GET, left out). */
function printedRoutes(app: FastifyInstance): Set<string> {
  const routes = new Set<string>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('');
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') routes.add(`${method} ${path}`);
  }
  return routes;
}

/** The document's operations as `METHOD /path` in Fastify's notation (`{id}` → `:id`, `{*}` → `*`). */
function documentedRoutes(document: OpenApiDocument): Set<string> {
  const routes = new Set<string>();
  for (const [path, operations] of Object.entries(document.paths)) {
    const fastifyPath = path.replace(/\{\*\}/g, '*').replace(/\{(\w+)\}/g, ':$1');
    for (const method of Object.keys(operations)) {
      if (method !== 'head') routes.add(`${method.toUpperCase()} ${fastifyPath}`);
    }
  }
  return routes;
}

describe('OpenAPI document', () => {
  let database: Database;
  let app: FastifyInstance;
  let document: OpenApiDocument;
  const mailbox: DevMailbox = { smtpUrl: 'smtp://127.0.0.1:1', messages: () => [], close: async () => {} };

  before(async () => {
    database = await openFreshPglite();
    // Every optional part on, so that every route Portico can have is registered.
    app = await createApp({ database, logger: false, demo: true, mailbox });
    const response = await app.inject('/api/v1/openapi.json');
    assert.equal(response.statusCode, 200);
    document = response.json();
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    assert.match(document.openapi, /^3\.1\./);
    const result = await new Validator().validate(structuredClone(document) as never);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  it('lists every registered route, and every route it lists is registered', () => {
    const printed = printedRoutes(app);
    const documented = documentedRoutes(document);
    assert.ok(printed.size > 30, `printRoutes parsed: ${[...printed].join(', ')}`);
    // printRoutes shows the static file wildcards merged into one `*`; those are checked through hasRoute below.
    const missing = [...printed].filter((route) => !route.endsWith('*') && !documented.has(route));
    assert.deepEqual(missing, [], 'registered but not in the OpenAPI document');
    for (const route of documented) {
      const [method, url] = route.split(' ') as [string, string];
      assert.ok(app.hasRoute({ method, url }), `${route} is documented but not registered`);
    }
  });

  it('describes every operation: a summary and its answers', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (path.includes('{*}')) continue; // static files (fastify-static's own routes)
        assert.ok(operation.summary, `${method} ${path} has no summary`);
        assert.ok(Object.keys(operation.responses ?? {}).length > 0, `${method} ${path} documents no answer`);
      }
    }
  });

  it('documents a body that may be left out as optional, and every other body as required', () => {
    const body = (path: string, method: string) =>
      (document.paths[path]?.[method] as { requestBody?: { required?: boolean } } | undefined)?.requestBody;
    assert.equal(body('/api/v1/billing-runs', 'post')?.required, false);
    assert.equal(body('/api/v1/contracts/{contractId}/self-service-token', 'post')?.required, false);
    assert.equal(body('/api/signup/{tenant}/orders', 'post')?.required, true);
  });

  it('declares every request body with a schema (no unchecked bodies)', () => {
    const unchecked: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const method of ['post', 'put', 'patch'] as const) {
        const operation = operations[method] as { requestBody?: unknown } | undefined;
        if (operation && !operation.requestBody) unchecked.push(`${method} ${path}`);
      }
    }
    // Routes that take no body at all (the body is ignored): logout-like actions.
    const bodiless = new Set(['post /api/portal/{tenant}/session/extend']);
    assert.deepEqual(
      unchecked.filter((route) => !bodiless.has(route)),
      [],
      'POST/PUT/PATCH routes without a body schema',
    );
  });
});
