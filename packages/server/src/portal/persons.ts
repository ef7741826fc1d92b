import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import {
  changedPermissions,
  isDemotion,
  mayDemoteOrRemove,
  type PersonInvite,
  type PersonPermission,
  type PersonRole,
  type PersonStanding,
} from '@portico/core';
import type { FeatureOptions } from '../context.ts';
import { createSelfServiceLink } from '../access/links.ts';
import { isUuid, maxLifetime } from '../access/tokens.ts';
import { writeAudit } from '../audit/audit.ts';
import { EMAIL_MESSAGE, isEmailAddress } from '../customers/validate.ts';
import type { DB, JsonValue, Person } from '../db/schema.ts';
import { scoped, type TenantScope } from '../db/tenant.ts';
import { sendTemplatedEmail } from '../email/send.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { limiterOf, rateLimited } from '../http/limits.ts';
import { errors, NoContent } from '../http/schemas.ts';
import { formatDateTime } from '../i18n/format.ts';
import { portalOf, forbidden, requireAccess, requires, toPortalPerson, type PortalContext } from './context.ts';
import {
  PersonChangeBody,
  PersonInviteBody,
  PortalPersonSchema,
  refuseAs,
  signedIn,
  tags,
  TenantAndId,
  TenantParams,
} from './schemas.ts';
import { recordEvent } from '../webhooks/events.ts';

const ROLE_ORDER = { owner: 0, admin: 1, member: 2 } as const;
/** The answer to a body the schema refuses, as the invite form reads it: a message per field. */
const invalidPerson = refuseAs('invalid_person', 'Some fields are not valid.');

/**
 * Authorised personnel. Everyone with the `personnel` permission sees the list; owners and admins with it invite,
 * change and remove persons. Nobody grants or takes away a permission they do not hold; nobody but an owner demotes
 * or removes a person who holds more than they do (`@portico/core` `person-rules.ts`); only owners make or change
 * owners; nobody removes themselves; the last owner stays.
 */
export const personRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (
  app,
  { context: { database, limits } },
) => {
  const db = database.db;
  // Each invitation is an e-mail to an address the customer chooses: a limit per customer keeps the portal from
  // being a mail relay.
  const invitationLimit = rateLimited({
    limiter: limiterOf(db, 'invitation-customer', limits.invitationsPerCustomer),
    key: (request: { portal: PortalContext | null }) => {
      const context = portalOf(request);
      return [context.tenantId, context.customerId];
    },
  });
  /** Owners and admins with the personnel permission manage persons. */
  const manager = async (request: { portal: PortalContext | null }) => requireManager(portalOf(request));

  app.get(
    '/persons',
    {
      schema: {
        summary: "The customer's authorised persons",
        tags,
        security: signedIn,
        params: TenantParams,
        response: { 200: Type.Array(PortalPersonSchema), ...errors(401, 403) },
      },
      preValidation: requires('personnel', 'personnel', 'see authorised personnel'),
    },
    async (request) => {
      const context = portalOf(request);
      const rows = await scoped(db, context.tenantId)
        .selectFrom('persons')
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
    },
  );

  app.post(
    '/persons',
    {
      schema: {
        summary: 'Invite a person: an e-mail with a portal link of their own',
        tags,
        security: signedIn,
        params: TenantParams,
        body: PersonInviteBody,
        response: { 201: PortalPersonSchema, ...errors(400, 401, 403, 409, 429) },
      },
      preValidation: [manager, invitationLimit],
      schemaErrorFormatter: invalidPerson,
    },
    async (request, reply) => {
      const context = portalOf(request);
      const invite = toInvite(request.body);
      assertGrantable(context, invite.permissions);
      const contractId = context.contractIds[0];
      if (!contractId) throw new HttpError(409, 'no_contract', 'There is no contract to invite a person to.');
      const person = await scoped(db, context.tenantId).transaction(async (scope) => {
        await lockCustomer(scope, context);
        const existing = await scope
          .selectFrom('persons')
          .where('customer_id', '=', context.customerId)
          .where((eb) => eb(eb.fn('lower', ['email']), '=', invite.email.toLowerCase()))
          .select('id')
          .executeTakeFirst();
        if (existing) {
          throw new HttpError(409, 'person_exists', 'A person with this e-mail address is already authorised.', {
            email: 'already authorised',
          });
        }
        const row = await scope
          .insertInto('persons', {
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
        await sendInvitation(scope.db, context, row, contractId);
        await audit(scope, context, 'person.invited', row.id, { role: row.role, permissions: row.permissions });
        await recordEvent(scope.db, context.tenantId, 'person.invited', {
          personId: row.id,
          customerId: context.customerId,
          role: row.role,
          permissions: row.permissions,
        });
        return row;
      });
      return reply.status(201).send(toPortalPerson(person));
    },
  );

  app.patch(
    '/persons/:id',
    {
      schema: {
        summary: "Change a person's role or permissions",
        tags,
        security: signedIn,
        params: TenantAndId,
        body: PersonChangeBody,
        response: { 200: PortalPersonSchema, ...errors(400, 401, 403, 404, 409) },
      },
      preValidation: manager,
      schemaErrorFormatter: invalidPerson,
    },
    async (request) => {
      const context = portalOf(request);
      const change = toChange(request.body);
      const updated = await scoped(db, context.tenantId).transaction(async (scope) => {
        await lockCustomer(scope, context);
        const target = await findPerson(scope, context, request.params.id);
        const touchesOwner = target.role === 'owner' || change.role === 'owner';
        if (touchesOwner && context.person.role !== 'owner') throw forbidden('change owners');
        const standing = standingOf(target);
        if (change.permissions) assertGrantable(context, changedPermissions(standing.permissions, change.permissions));
        if (isDemotion(standing, change) && !mayDemoteOrRemove(actorOf(context), standing)) {
          throw forbidden('demote a person who holds more than you do');
        }
        if (
          target.role === 'owner' &&
          change.role &&
          change.role !== 'owner' &&
          (await ownerCount(scope, context)) <= 1
        ) {
          throw new HttpError(409, 'last_owner', 'The last owner cannot be given another role.');
        }
        const row = await scope
          .updateTable('persons')
          .set({
            ...(change.role ? { role: change.role } : {}),
            ...(change.permissions ? { permissions: change.permissions } : {}),
          })
          .where('id', '=', target.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit(scope, context, 'person.changed', row.id, { role: row.role, permissions: row.permissions });
        return row;
      });
      return toPortalPerson(updated);
    },
  );

  app.delete(
    '/persons/:id',
    {
      schema: {
        summary: 'Remove a person (their links stop working at once)',
        tags,
        security: signedIn,
        params: TenantAndId,
        response: { 204: NoContent, ...errors(401, 403, 404, 409) },
      },
      preValidation: manager,
    },
    async (request, reply) => {
      const context = portalOf(request);
      await scoped(db, context.tenantId).transaction(async (scope) => {
        await lockCustomer(scope, context);
        const target = await findPerson(scope, context, request.params.id);
        if (target.id === context.person.id) {
          throw new HttpError(409, 'cannot_remove_self', 'You cannot remove yourself.');
        }
        if (target.role === 'owner') {
          if (context.person.role !== 'owner') throw forbidden('remove owners');
          if ((await ownerCount(scope, context)) <= 1) {
            throw new HttpError(409, 'last_owner', 'The last owner cannot be removed.');
          }
        }
        if (!mayDemoteOrRemove(actorOf(context), standingOf(target))) {
          throw forbidden('remove a person who holds more than you do');
        }
        await scope.deleteFrom('persons').where('id', '=', target.id).execute();
        await audit(scope, context, 'person.removed', target.id, { email: target.email });
        await recordEvent(scope.db, context.tenantId, 'person.removed', {
          personId: target.id,
          customerId: context.customerId,
        });
      });
      return reply.status(204).send(null);
    },
  );
};

function requireManager(context: PortalContext): void {
  requireAccess(context, 'personnel', 'personnel', 'manage authorised personnel');
  if (context.person.role !== 'owner' && context.person.role !== 'admin') {
    throw forbidden('manage authorised personnel');
  }
}

/** 403 unless the caller holds each of `permissions` (those an invitation grants or a change grants or takes). */
function assertGrantable(context: PortalContext, permissions: PersonPermission[]): void {
  const missing = permissions.filter((permission) => !context.permissions.has(permission));
  if (missing.length) throw forbidden(`grant or take away permissions you do not have (${missing.join(', ')})`);
}

/** The caller's role and permissions as their row says now. */
function actorOf(context: PortalContext): PersonStanding {
  return { role: context.person.role, permissions: [...context.permissions] };
}

function standingOf(person: Person): PersonStanding {
  return { role: person.role, permissions: person.permissions as PersonPermission[] };
}

async function lockCustomer(scope: TenantScope, context: PortalContext): Promise<void> {
  await scope.selectFrom('customers').where('id', '=', context.customerId).select('id').forUpdate().executeTakeFirst();
}

async function findPerson(scope: TenantScope, context: PortalContext, id: string): Promise<Person> {
  if (!isUuid(id)) throw notFound('This person');
  const row = await scope
    .selectFrom('persons')
    .where('customer_id', '=', context.customerId)
    .where('id', '=', id)
    .selectAll()
    .executeTakeFirst();
  if (!row) throw notFound('This person');
  return row;
}

async function ownerCount(scope: TenantScope, context: PortalContext): Promise<number> {
  const row = await scope
    .selectFrom('persons')
    .where('customer_id', '=', context.customerId)
    .where('role', '=', 'owner')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function sendInvitation(trx: Kysely<DB>, context: PortalContext, person: Person, contractId: string) {
  const customer = await scoped(trx, context.tenantId)
    .selectFrom('customers')
    .innerJoin('tenants', 'tenants.id', 'customers.tenant_id')
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
  // The contract the invitation opens: the number the e-mail tells the invitee to request a new link with.
  const contract = await scoped(trx, context.tenantId)
    .selectFrom('contracts')
    .where('id', '=', contractId)
    .where('customer_id', '=', context.customerId)
    .select('contract_number')
    .executeTakeFirstOrThrow();
  await sendTemplatedEmail(trx, context.tenantId, context.settings, {
    to: person.email,
    template: 'personInvitation',
    language,
    values: {
      CustomerName: [person.first_name, person.last_name].filter(Boolean).join(' '),
      InviterName: inviter,
      ContractNumber: contract.contract_number,
      AccountName: customer.company ?? '',
      CompanyName: customer.tenant_name,
      SelfServicePortalUrl: link.url,
      PortalLinkExpires: formatDateTime(language, link.expiresAt),
    },
  });
}

function audit(
  scope: TenantScope,
  context: PortalContext,
  action: string,
  personId: string,
  data: Record<string, JsonValue>,
): Promise<void> {
  return writeAudit(scope.db, {
    tenantId: context.tenantId,
    actor: { type: 'person', id: context.person.id },
    action,
    entity: { type: 'person', id: personId },
    data,
  });
}

/** A blank name or phone (spaces only) is refused as the schema refuses an empty one. */
const BLANK = 'This field must not be empty.';

/** The invitation the schema let through, trimmed, its permissions without repeats. */
function toInvite(body: Static<typeof PersonInviteBody>): PersonInvite {
  const fields: Record<string, string> = {};
  const text = (key: 'firstName' | 'lastName' | 'phone') => {
    const value = body[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (value.trim() === '') fields[key] = BLANK;
    return value.trim();
  };
  const firstName = text('firstName');
  const lastName = text('lastName');
  const phone = text('phone');
  const email = body.email.trim();
  if (!isEmailAddress(email)) fields.email = EMAIL_MESSAGE;
  if (Object.keys(fields).length) throw new HttpError(400, 'invalid_person', 'Some fields are not valid.', fields);
  return {
    email,
    firstName: firstName!,
    lastName: lastName!,
    ...(phone ? { phone } : {}),
    role: body.role,
    permissions: Array.from(new Set(body.permissions)),
  };
}

function toChange(body: Static<typeof PersonChangeBody>): { role?: PersonRole; permissions?: PersonPermission[] } {
  if (body.role === undefined && body.permissions === undefined) {
    throw new HttpError(400, 'invalid_person', 'Some fields are not valid.', { role: 'send a role or permissions' });
  }
  return {
    ...(body.role ? { role: body.role } : {}),
    ...(body.permissions ? { permissions: Array.from(new Set(body.permissions)) } : {}),
  };
}
