import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changedPermissions, holdsMore, isDemotion, mayDemoteOrRemove, type PersonStanding } from './person-rules.ts';

const owner: PersonStanding = { role: 'owner', permissions: ['invoices'] };
const admin: PersonStanding = { role: 'admin', permissions: ['invoices', 'personnel'] };
const strongAdmin: PersonStanding = { role: 'admin', permissions: ['invoices', 'personnel', 'payment'] };
const member: PersonStanding = { role: 'member', permissions: ['invoices'] };

describe('person rules', () => {
  it('count a higher role or a permission the other lacks as holding more', () => {
    assert.equal(holdsMore(strongAdmin, admin), true, 'payment');
    assert.equal(holdsMore(owner, admin), true, 'the owner role');
    assert.equal(holdsMore(member, admin), false);
    assert.equal(holdsMore({ ...admin }, admin), false, 'an equal');
  });

  it('let an owner demote anyone, others only who holds no more than they do', () => {
    assert.equal(mayDemoteOrRemove(owner, strongAdmin), true);
    assert.equal(mayDemoteOrRemove(admin, strongAdmin), false);
    assert.equal(mayDemoteOrRemove(admin, member), true);
  });

  it('name what a change grants or takes away, and whether it demotes', () => {
    assert.deepEqual(changedPermissions(['invoices', 'usage'], ['usage', 'payment']), ['payment', 'invoices']);
    assert.equal(isDemotion(admin, { role: 'member' }), true);
    assert.equal(isDemotion(member, { role: 'admin' }), false);
    assert.equal(isDemotion(admin, { permissions: ['invoices'] }), true);
    assert.equal(isDemotion(admin, { permissions: ['invoices', 'personnel', 'usage'] }), false);
  });
});
