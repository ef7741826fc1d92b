import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { PersonInvite, PersonPermission, PersonRole, PortalPerson } from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { createSelfServiceLink } from '../access/links.ts';
import { isUuid, maxLifetime } from '../access/tokens.ts';
import type { DB, Person } from '../db/schema.ts';
import { sendTemplatedEmail } from '../email/send.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { formatDateTime } from '../i18n/format.ts';
import { portalOf, forbidden, requireAccess, toPortalPerson, type PortalContext } from './context.ts';

const PERMISSIONS: PersonPermission[] = ['invoices', 'usage', 'contract', 'payment', 'personnel'];
const ROLES: PersonRole[] = ['owner', 'admin', 'member'];
const ROLE_ORDER = { owner: 0, admin: 1, member: 2 } as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Authorised personnel. Everyone with the `personnel` permission sees the list; owners and admins with it invite,
 * change and remove persons. Nobody grants a permission they do not hold; only owners make or change owners;
 * nobody removes themselves; the last owner stays.
 */
export const personRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { context: { database } }) => {
  const db = database.db;

  app.get<{ Params: { tenant: string } }>('/persons', async (request): Promise<PortalPerson[]> => {
    const context = portalOf(request);
    requireAccess(context, 'personnel', 'personnel', 'see authorised personnel');
    const rows = await db
      .selectFrom('persons')
      .where('tenant_id', '=', context.tenantId)
      .where('customer_id', '=', context.customerId)
      .selectAll()
      .execute();
    return rows
      .sort(
        (a, b) =>
          ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
          (a.last_name ?? '').localeCompare(b.last_name ?? '') ||
          a.id.localeCompare(b.id),
      )
      .map(toPortalPerson);
  });

  app.post<{ Params: { tenant: string }; Body: unknown }>('/persons', async (request, reply) => {
    const context = portalOf(request);
    requireManager(context);
    const invite = parseInvite(request.body);
    assertGrantable(context, invite.permissions);
    const contractId = context.contractIds[0];
    if (!contractId) throw new HttpError(409, 'no_contract', 'There is no contract to invite a person to.');
    const person = await db.transaction().execute(async (trx) => {
      await lockCustomer(trx, context);
      const existing = await trx
        .selectFrom('persons')
        .where('tenant_id', '=', context.tenantId)
        .where('customer_id', '=', context.customerId)
        .where((eb) => eb(eb.fn('lower', ['email']), '=', invite.email.toLowerCase()))
        .select('id')
        .executeTakeFirst();
      if (existing) {
        throw new HttpError(409, 'person_exists', 'A person with this e-mail address is already authorised.', {
          email: 'already authorised',
        });
      }
      const row = await trx
        .insertInto('persons')
        .values({
          tenant_id: context.tenantId,
          customer_id: context.customerId,
          email: invite.email,
          first_name: invite.firstName,
          last_name: invite.lastName,
          phone: invite.phone ?? null,
          role: invite.role,
          permissions: invite.permissions,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await sendInvitation(trx, context, row, contractId);
      await audit(trx, context, 'person.invited', row.id, { role: row.role, permissions: row.permissions });
      return row;
    });
    return reply.status(201).send(toPortalPerson(person));
  });

  app.patch<{ Params: { tenant: string; id: string }; Body: unknown }>(
    '/persons/:id',
    async (request): Promise<PortalPerson> => {
      const context = portalOf(request);
      requireManager(context);
      const change = parseChange(request.body);
      if (change.permissions) assertGrantable(context, change.permissions);
      const updated = await db.transaction().execute(async (trx) => {
        await lockCustomer(trx, context);
        const target = await findPerson(trx, context, request.params.id);
        const touchesOwner = target.role === 'owner' || change.role === 'owner';
        if (touchesOwner && context.person.role !== 'owner') throw forbidden('change owners');
        if (
          target.role === 'owner' &&
          change.role &&
          change.role !== 'owner' &&
          (await ownerCount(trx, context)) <= 1
        ) {
          throw new HttpError(409, 'last_owner', 'The last owner cannot be given another role.');
        }
        const row = await trx
          .updateTable('persons')
          .set({
            ...(change.role ? { role: change.role } : {}),
            ...(change.permissions ? { permissions: change.permissions } : {}),
          })
          .where('tenant_id', '=', context.tenantId)
          .where('id', '=', target.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit(trx, context, 'person.changed', row.id, { role: row.role, permissions: row.permissions });
        return row;
      });
      return toPortalPerson(updated);
    },
  );

  app.delete<{ Params: { tenant: string; id: string } }>('/persons/:id', async (request, reply) => {
    const context = portalOf(request);
    requireManager(context);
    await db.transaction().execute(async (trx) => {
      await lockCustomer(trx, context);
      const target = await findPerson(trx, context, request.params.id);
      if (target.id === context.person.id) {
        throw new HttpError(409, 'cannot_remove_self', 'You cannot remove yourself.');
      }
      if (target.role === 'owner') {
        if (context.person.role !== 'owner') throw forbidden('remove owners');
        if ((await ownerCount(trx, context)) <= 1) {
          throw new HttpError(409, 'last_owner', 'The last owner cannot be removed.');
        }
      }
      await trx.deleteFrom('persons').where('tenant_id', '=', context.tenantId).where('id', '=', target.id).execute();
      await audit(trx, context, 'person.removed', target.id, { email: target.email });
    });
    return reply.status(204).send();
  });
};

function requireManager(context: PortalContext): void {
  requireAccess(context, 'personnel', 'personnel', 'manage authorised personnel');
  if (context.person.role !== 'owner' && context.person.role !== 'admin')
    throw forbidden('manage authorised personnel');
}

function assertGrantable(context: PortalContext, permissions: PersonPermission[]): void {
  const missing = permissions.filter((permission) => !context.permissions.has(permission));
  if (missing.length) throw forbidden(`grant permissions you do not have (${missing.join(', ')})`);
}

async function lockCustomer(trx: Kysely<DB>, context: PortalContext): Promise<void> {
  await trx
    .selectFrom('customers')
    .where('tenant_id', '=', context.tenantId)
    .where('id', '=', context.customerId)
    .select('id')
    .forUpdate()
    .executeTakeFirst();
}

async function findPerson(trx: Kysely<DB>, context: PortalContext, id: string): Promise<Person> {
  if (!isUuid(id)) throw notFound('This person');
  const row = await trx
    .selectFrom('persons')
    .where('tenant_id', '=', context.tenantId)
    .where('customer_id', '=', context.customerId)
    .where('id', '=', id)
    .selectAll()
    .executeTakeFirst();
  if (!row) throw notFound('This person');
  return row;
}

async function ownerCount(trx: Kysely<DB>, context: PortalContext): Promise<number> {
  const row = await trx
    .selectFrom('persons')
    .where('tenant_id', '=', context.tenantId)
    .where('customer_id', '=', context.customerId)
    .where('role', '=', 'owner')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function sendInvitation(trx: Kysely<DB>, context: PortalContext, person: Person, contractId: string) {
  const customer = await trx
    .selectFrom('customers')
    .innerJoin('tenants', 'tenants.id', 'customers.tenant_id')
    .where('customers.tenant_id', '=', context.tenantId)
    .where('customers.id', '=', context.customerId)
    .select(['customers.company', 'customers.language', 'tenants.name as tenant_name'])
    .executeTakeFirstOrThrow();
  const link = await createSelfServiceLink(trx, {
    tenantId: context.tenantId,
    contractId,
    personId: person.id,
    // The invitee may read the e-mail days later: the tenant's longest lifetime.
    lifetimeSeconds: maxLifetime(context.settings.selfService),
    ...(customer.language ? { language: customer.language } : {}),
  });
  const inviter =
    [context.person.first_name, context.person.last_name].filter(Boolean).join(' ') || context.person.email;
  const language = customer.language || context.settings.languages.default;
  await sendTemplatedEmail(trx, context.tenantId, context.settings, {
    to: person.email,
    template: 'personInvitation',
    language,
    values: {
      CustomerName: [person.first_name, person.last_name].filter(Boolean).join(' ') || person.email,
      InviterName: inviter,
      AccountName: customer.company ?? '',
      CompanyName: customer.tenant_name,
      SelfServicePortalUrl: link.url,
      PortalLinkExpires: formatDateTime(language, link.expiresAt),
    },
  });
}

async function audit(trx: Kysely<DB>, context: PortalContext, action: string, personId: string, data: object) {
  await trx
    .insertInto('audit_log')
    .values({
      tenant_id: context.tenantId,
      actor_type: 'person',
      actor_id: context.person.id,
      action,
      entity_type: 'person',
      entity_id: personId,
      data: JSON.stringify(data),
    })
    .execute();
}

function parsePermissions(value: unknown, fields: Record<string, string>): PersonPermission[] | undefined {
  if (!Array.isArray(value) || !value.every((p) => typeof p === 'string' && (PERMISSIONS as string[]).includes(p))) {
    fields.permissions = `a list of ${PERMISSIONS.join(', ')}`;
    return undefined;
  }
  return Array.from(new Set(value as PersonPermission[]));
}

function parseInvite(body: unknown): PersonInvite {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  const text = (key: string, max: number, required: boolean) => {
    const value = input[key];
    if (value === undefined || value === null || value === '') {
      if (required) fields[key] = 'required';
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
      fields[key] = `text of at most ${max} characters`;
      return undefined;
    }
    return value.trim();
  };
  const email = text('email', 254, true);
  if (email && !EMAIL.test(email)) fields.email = 'an e-mail address such as name@example.com';
  const firstName = text('firstName', 100, true);
  const lastName = text('lastName', 100, true);
  const phone = text('phone', 40, false);
  const role = input.role;
  if (role !== 'admin' && role !== 'member') fields.role = 'admin or member';
  const permissions = parsePermissions(input.permissions, fields);
  if (Object.keys(fields).length) throw new HttpError(400, 'invalid_person', 'Some fields are not valid.', fields);
  return {
    email: email!,
    firstName: firstName!,
    lastName: lastName!,
    ...(phone ? { phone } : {}),
    role: role as 'admin' | 'member',
    permissions: permissions!,
  };
}

function parseChange(body: unknown): { role?: PersonRole; permissions?: PersonPermission[] } {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  let role: PersonRole | undefined;
  if (input.role !== undefined) {
    if (typeof input.role === 'string' && (ROLES as string[]).includes(input.role)) role = input.role as PersonRole;
    else fields.role = ROLES.join(', ');
  }
  const permissions = input.permissions === undefined ? undefined : parsePermissions(input.permissions, fields);
  if (role === undefined && input.permissions === undefined) fields.role = 'send a role or permissions';
  if (Object.keys(fields).length) throw new HttpError(400, 'invalid_person', 'Some fields are not valid.', fields);
  return { ...(role ? { role } : {}), ...(permissions ? { permissions } : {}) };
}
