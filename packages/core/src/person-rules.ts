import type { PersonPermission, PersonRole } from './portal-api.ts';

/**
 * Who may do what to whom among a customer's authorised persons. The server enforces these rules
 * (`packages/server/src/portal/persons.ts`); the portal offers only the controls they allow.
 *
 * - Nobody grants or takes away a permission they do not hold themselves.
 * - Nobody but an owner demotes (a lower role, a permission fewer) or removes a person who holds more than they do:
 *   a higher role, or a permission they lack. An owner is above all.
 */
export interface PersonStanding {
  role: PersonRole;
  permissions: readonly PersonPermission[];
}

const RANK: Record<PersonRole, number> = { owner: 0, admin: 1, member: 2 };

/** Whether `role` ranks above `other` (owner above admin above member). */
export function ranksAbove(role: PersonRole, other: PersonRole): boolean {
  return RANK[role] < RANK[other];
}

/** Whether `target` holds more than `actor`: a higher role, or a permission `actor` lacks. */
export function holdsMore(target: PersonStanding, actor: PersonStanding): boolean {
  return (
    ranksAbove(target.role, actor.role) ||
    target.permissions.some((permission) => !actor.permissions.includes(permission))
  );
}

/** Whether `actor` may demote or remove `target` (an owner may anyone; others no one who holds more). */
export function mayDemoteOrRemove(actor: PersonStanding, target: PersonStanding): boolean {
  return actor.role === 'owner' || !holdsMore(target, actor);
}

/** The permissions a change from `before` to `after` grants or takes away. */
export function changedPermissions(
  before: readonly PersonPermission[],
  after: readonly PersonPermission[],
): PersonPermission[] {
  return [
    ...after.filter((permission) => !before.includes(permission)),
    ...before.filter((permission) => !after.includes(permission)),
  ];
}

/** Whether a change of `target` to `change` demotes them: a lower role or a permission fewer. */
export function isDemotion(
  target: PersonStanding,
  change: { role?: PersonRole; permissions?: readonly PersonPermission[] },
): boolean {
  return (
    (change.role !== undefined && ranksAbove(target.role, change.role)) ||
    (change.permissions !== undefined &&
      target.permissions.some((permission) => !change.permissions!.includes(permission)))
  );
}
