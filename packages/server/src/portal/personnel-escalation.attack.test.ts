import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { PersonPermission, PersonRole } from '@portico/core';
import { createSelfServiceLink } from '../access/links.ts';
import { describeEachDatabase } from '../testing/databases.ts';
import { testApp } from '../testing/app.ts';
import { createTenantWithCustomer, openSession, type TenantWithCustomer } from '../testing/portal.ts';

const ALL: PersonPermission[] = ['invoices', 'usage', 'contract', 'payment', 'personnel'];

/**
 * An admin who manages persons but holds only some permissions tries to reach beyond them: take away a right they
 * lack, or demote or remove someone who holds more than they do.
 */
describeEachDatabase('attack: an admin reaching beyond their own permissions', (database) => {
  let app: FastifyInstance;
  let tenant: TenantWithCustomer;
  let owner: string;
  /** Admin with personnel and invoices only. */
  let admin: string;
  const ids: Record<'strongAdmin' | 'member', string> = { strongAdmin: '', member: '' };

  const person = async (email: string, role: PersonRole, permissions: PersonPermission[]) =>
    (
      await database()
        .db.insertInto('persons')
        .values({
          tenant_id: 'escalate',
          customer_id: tenant.customerId,
          email,
          first_name: email.split('@')[0],
          last_name: 'Example',
          role,
          permissions,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const sessionOf = async (personId?: string) =>
    openSession(
      app,
      'escalate',
      (
        await createSelfServiceLink(database().db, {
          tenantId: 'escalate',
          contractId: tenant.contractId,
          ...(personId ? { personId } : {}),
        })
      ).token,
    );

  before(async () => {
    app = await testApp(database());
    tenant = await createTenantWithCustomer(database().db, 'escalate');
    owner = await sessionOf();
    admin = await sessionOf(await person('weak@escalate.example', 'admin', ['personnel', 'invoices']));
    ids.strongAdmin = await person('strong@escalate.example', 'admin', ALL);
    ids.member = await person('member@escalate.example', 'member', ['usage']);
  });
  after(() => app.close());

  const send = (session: string, method: 'PATCH' | 'DELETE', id: string, payload?: object) =>
    app.inject({
      method,
      url: `/api/portal/escalate/persons/${id}`,
      headers: { authorization: `Bearer ${session}` },
      ...(payload ? { payload } : {}),
    });
  const stored = async (id: string) =>
    database()
      .db.selectFrom('persons')
      .where('tenant_id', '=', 'escalate')
      .where('id', '=', id)
      .select(['role', 'permissions'])
      .executeTakeFirst();

  it('attack: an admin takes away a permission they do not hold themselves', async () => {
    const response = await send(admin, 'PATCH', ids.member, { permissions: ['invoices'] });
    assert.equal(response.statusCode, 403, response.body);
    assert.deepEqual((await stored(ids.member))?.permissions, ['usage']);
  });

  it('attack: an admin demotes an admin who holds more than they do', async () => {
    const response = await send(admin, 'PATCH', ids.strongAdmin, { role: 'member' });
    assert.equal(response.statusCode, 403, response.body);
    assert.equal((await stored(ids.strongAdmin))?.role, 'admin');
  });

  it('attack: an admin removes an admin who holds more than they do', async () => {
    const response = await send(admin, 'DELETE', ids.strongAdmin);
    assert.equal(response.statusCode, 403, response.body);
    assert.ok(await stored(ids.strongAdmin), 'the person is still there');
  });

  it('attack: an admin takes a permission they hold from a person who holds more', async () => {
    const response = await send(admin, 'PATCH', ids.strongAdmin, {
      permissions: ALL.filter((permission) => permission !== 'invoices'),
    });
    assert.equal(response.statusCode, 403, response.body);
    assert.deepEqual((await stored(ids.strongAdmin))?.permissions, ALL);
  });

  it('within their own permissions an admin still manages persons, and the owner anyone', async () => {
    const grant = await send(admin, 'PATCH', ids.member, { permissions: ['usage', 'invoices'] });
    assert.equal(grant.statusCode, 200, grant.body);
    // Granting a permission they hold to someone who holds more is no demotion.
    const promote = await send(admin, 'PATCH', ids.strongAdmin, { permissions: ALL });
    assert.equal(promote.statusCode, 200, promote.body);
    const demote = await send(owner, 'PATCH', ids.strongAdmin, { role: 'member', permissions: ['invoices'] });
    assert.equal(demote.statusCode, 200, demote.body);
    // Now the former strong admin holds nothing the admin lacks: the admin may remove them.
    assert.equal((await send(admin, 'DELETE', ids.strongAdmin)).statusCode, 204);
  });
});
