import { AppError } from '../http/errors.ts';
import type { Db } from '../storage/database.ts';
import type { DialectKind } from '../storage/dialect.ts';
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
 * Rejects the change with last_admin unless another active admin exists
 * besides the target. Run it inside the transaction that writes the change:
 * on PostgreSQL and MySQL it locks the active admins' rows, so two admins
 * demoting each other at the same moment are decided one after the other.
 * SQLite runs one write transaction at a time on its single connection.
 */
export async function assertAnotherActiveAdmin(
  trx: Db,
  dialect: DialectKind,
  targetId: number,
): Promise<void> {
  let admins = trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('status', '=', 'active');
  if (dialect !== 'sqlite') admins = admins.forUpdate();
  const rows = await admins.execute();
  if (!rows.some((row) => Number(row.id) !== targetId)) throw lastAdminError();
}
