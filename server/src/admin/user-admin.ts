import type { AppContext } from '../app/context.ts';
import { createAccount, resetPasswordToTemporary, revokeSessions } from '../auth/accounts.ts';
import type { Role } from '../auth/principal.ts';
import { toPublicUser } from '../auth/principal.ts';
import { notFound } from '../http/errors.ts';
import type { Db } from '../storage/database.ts';
import type { UserRow } from '../storage/schema.ts';
import { recordAudit } from './audit-log.ts';
import {
  assertAnotherActiveAdmin,
  assertNotSelfRemoval,
  removesActiveAdmin,
} from './user-protections.ts';

function passwordCost(ctx: AppContext) {
  return { memoryKib: ctx.config.argon2MemoryKib, iterations: ctx.config.argon2Iterations };
}

function actorOf(actor: UserRow) {
  return { id: actor.id, email: actor.email };
}

async function findUser(db: Db, userId: number): Promise<UserRow> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (row === undefined) throw notFound('User');
  return row;
}

/** Drops cached copies of the user so this instance applies the change at once. */
function forgetUser(ctx: AppContext, userId: number): void {
  ctx.users.forget(userId);
  ctx.gatewayKeys.forgetAll();
}

/** Creates an account for someone else and records `user.create`. */
export async function createUserAsAdmin(
  ctx: AppContext,
  actor: UserRow,
  input: { email: string; password: string; role?: Role | undefined },
): Promise<UserRow> {
  const account = {
    email: input.email,
    password: input.password,
    role: input.role ?? 'user',
    mustChangePassword: false,
  };
  const created = await createAccount(ctx.db, account, passwordCost(ctx), ctx.now());
  await recordAudit(
    ctx.db,
    {
      actor: actorOf(actor),
      action: 'user.create',
      targetType: 'user',
      targetId: created.id,
      after: toPublicUser(created),
    },
    ctx.now(),
  );
  return created;
}

/** Sets a user's role; refuses to demote oneself or the last active admin. */
export async function changeRole(
  ctx: AppContext,
  actor: UserRow,
  userId: number,
  role: Role,
): Promise<void> {
  const target = await findUser(ctx.db, userId);
  const outcome = { role, status: target.status };
  assertNotSelfRemoval(actor, target, outcome);
  if (target.role === role) return;
  await guardedUpdate(ctx, target, outcome, { role });
  await recordAudit(
    ctx.db,
    {
      actor: actorOf(actor),
      action: 'user.role',
      targetType: 'user',
      targetId: userId,
      before: { role: target.role },
      after: { role },
    },
    ctx.now(),
  );
}

/**
 * Enables or disables a user. Disabling also revokes the user's tokens, so
 * enabling the account again does not bring old sessions back.
 */
export async function changeStatus(
  ctx: AppContext,
  actor: UserRow,
  userId: number,
  status: UserRow['status'],
): Promise<void> {
  const target = await findUser(ctx.db, userId);
  const outcome = { role: target.role, status };
  assertNotSelfRemoval(actor, target, outcome);
  if (target.status === status) return;
  await guardedUpdate(ctx, target, outcome, { status });
  if (status === 'disabled') await revokeSessions(ctx.db, userId, ctx.now());
  forgetUser(ctx, userId);
  await recordAudit(
    ctx.db,
    {
      actor: actorOf(actor),
      action: 'user.status',
      targetType: 'user',
      targetId: userId,
      before: { status: target.status },
      after: { status },
    },
    ctx.now(),
  );
}

/** Writes a role or status change, checking for another active admin in the same transaction. */
async function guardedUpdate(
  ctx: AppContext,
  target: UserRow,
  outcome: { role: Role; status: UserRow['status'] },
  change: Partial<Pick<UserRow, 'role' | 'status'>>,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if (removesActiveAdmin(target, outcome))
      await assertAnotherActiveAdmin(trx, ctx.dialect, target.id);
    await trx
      .updateTable('users')
      .set({ ...change, updated_at: ctx.now() })
      .where('id', '=', target.id)
      .execute();
  });
  forgetUser(ctx, target.id);
}

/** Sets a temporary password, revokes tokens and gateway keys, and returns the password. */
export async function resetPassword(
  ctx: AppContext,
  actor: UserRow,
  userId: number,
): Promise<string> {
  await findUser(ctx.db, userId);
  const temporaryPassword = await resetPasswordToTemporary(
    ctx.db,
    userId,
    passwordCost(ctx),
    ctx.now(),
  );
  forgetUser(ctx, userId);
  await recordAudit(
    ctx.db,
    {
      actor: actorOf(actor),
      action: 'user.reset_password',
      targetType: 'user',
      targetId: userId,
      before: { mustChangePassword: false },
      after: { mustChangePassword: true, tokensRevoked: true, gatewayKeysRevoked: true },
    },
    ctx.now(),
  );
  return temporaryPassword;
}

/**
 * Deletes a user with their conversations and messages, keys, preferences
 * and daily usage. Chat-log rows stay, with the email they were written with.
 */
export async function deleteUser(ctx: AppContext, actor: UserRow, userId: number): Promise<void> {
  const target = await findUser(ctx.db, userId);
  const outcome = { role: target.role, status: target.status, deleted: true };
  assertNotSelfRemoval(actor, target, outcome);
  await ctx.db.transaction().execute(async (trx) => {
    if (removesActiveAdmin(target, outcome))
      await assertAnotherActiveAdmin(trx, ctx.dialect, userId);
    const removed = await trx.deleteFrom('users').where('id', '=', userId).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw notFound('User');
    await deleteUserData(trx, userId);
    await recordAudit(
      trx,
      {
        actor: actorOf(actor),
        action: 'user.delete',
        targetType: 'user',
        targetId: userId,
        before: toPublicUser(target),
      },
      ctx.now(),
    );
  });
  forgetUser(ctx, userId);
}

async function deleteUserData(db: Db, userId: number): Promise<void> {
  const conversations = db.selectFrom('conversations').select('id').where('user_id', '=', userId);
  await db
    .deleteFrom('conversation_messages')
    .where('conversation_id', 'in', conversations)
    .execute();
  await db.deleteFrom('conversations').where('user_id', '=', userId).execute();
  await db.deleteFrom('gateway_keys').where('user_id', '=', userId).execute();
  await db.deleteFrom('provider_keys').where('user_id', '=', userId).execute();
  await db.deleteFrom('user_model_preferences').where('user_id', '=', userId).execute();
  await db.deleteFrom('usage_daily').where('user_id', '=', userId).execute();
}
