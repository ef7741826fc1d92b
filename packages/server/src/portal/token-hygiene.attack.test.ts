import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createSelfServiceLink } from '../access/links.ts';
import { createLogger } from '../logger.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession, type TenantWithCustomer } from '../testing/portal.ts';

describeEachDatabase('attack: token hygiene in logs and cached portal answers', (database) => {
  let app: FastifyInstance;
  let tenant: TenantWithCustomer;
  const lines: string[] = [];

  before(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    app = await testApp(database(), { logger: createLogger('info', stream) });
    tenant = await createTenantWithCustomer(database().db, 'hygiene');
  });
  after(() => app.close());

  it('attack: a link with ?token= puts no credential into the JSON log', async () => {
    await app.inject({ method: 'GET', url: '/api/portal/hygiene/dashboard?token=secret&lang=de' });
    const log = lines.join('');
    assert.match(log, /\/api\/portal\/hygiene\/dashboard\?token=\[redacted\]&lang=de/);
    assert.ok(!log.includes('secret'), log);
  });

  it('attack: portal API answers are not kept in caches and not sniffed', async () => {
    const { token } = await createSelfServiceLink(database().db, {
      tenantId: 'hygiene',
      contractId: tenant.contractId,
      personId: tenant.ownerId,
    });
    const exchange = await app.inject({ method: 'POST', url: '/api/portal/hygiene/session', payload: { token } });
    const session = await openSession(app, 'hygiene', token);
    const headers = { authorization: `Bearer ${session}` };
    const answers = [
      exchange,
      await app.inject({ method: 'GET', url: '/api/portal/hygiene/dashboard', headers }),
      await app.inject({ method: 'GET', url: '/api/portal/hygiene/invoices', headers }),
      await app.inject({ method: 'GET', url: '/api/portal/hygiene/billing-address', headers }),
      await app.inject({ method: 'GET', url: '/api/portal/hygiene/payment-method', headers }),
      await app.inject({ method: 'GET', url: '/api/portal/hygiene/dashboard' }),
    ];
    for (const answer of answers) {
      assert.equal(answer.headers['cache-control'], 'no-store', `${answer.statusCode} ${answer.body}`);
      assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    }
  });
});
