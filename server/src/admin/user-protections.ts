import { sql } from 'kysely';
import { AppError } from '../http/errors.ts';
import type { UserRow } from '../storage/schema.ts';

/** The user state a change would leave behind. */
export interface UserOutcome {
  role: UserRow['role'];
  status: UserRow['status'];
  deleted?: boolean;
}

export function isActiveAdmin(state: { role: string; status: string }): boolean {
  return state.role === 'admin' && state.status === 'active';
}

/** True when the change takes an active admin away (demotion, disable or deletion). */
export function removesActiveAdmin(target: UserRow, outcome: UserOutcome): boolean {
  return isActiveAdmin(target) && (outcome.deleted === true || !isActiveAdmin(outcome));
}

/** Rejects an admin disabling, demoting or deleting their own account. */
export function assertNotSelfRemoval(actor: UserRow, target: UserRow, outcome: UserOutcome): void {
  if (actor.id === target.id && removesActiveAdmin(target, outcome)) {
    throw new AppError(
      'self_change_forbidden',
      'Admins cannot disable, demote or delete their own account.',
    );
  }
}

export function lastAdminError(): AppError {
  return new AppError('last_admin', 'This change would leave no active admin.');
}

/**
 * A condition that holds while another active admin exists besides the
 * target. It sits in the same UPDATE or DELETE statement as the change, so
 * the count and the write happen together. MySQL cannot read the table it
 * updates in a subquery, hence the derived table, whose aggregate keeps the
 * optimizer from merging it back into the statement.
 */
export function anotherActiveAdminExists(targetId: number) {
  return sql<boolean>`(select admins from (select count(*) as admins from users where role = 'admin' and status = 'active' and id <> ${targetId}) as other_admins) > 0`;
}
