import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { AppError, validationError } from '../http/errors.ts';
import type { Db } from '../storage/database.ts';
import type { UserRow } from '../storage/schema.ts';
import { emailProblem, normalizeEmail } from './email.ts';
import {
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type PasswordCost,
} from './passwords.ts';
import type { Role } from './principal.ts';

export interface NewAccount {
  email: string;
  password: string;
  role: Role;
  mustChangePassword: boolean;
}

/** Returns the problem with a password, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    return `Password must be ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters.`;
  }
  return undefined;
}

/** A random password for first runs and admin resets (24 base64url characters). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Validates and inserts an account. Throws validation_failed (param `email`
 * or `password`) or email_taken; the unique index decides races.
 */
export async function createAccount(
  db: Db,
  account: NewAccount,
  cost: PasswordCost,
  now: number,
): Promise<UserRow> {
  const email = normalizeEmail(account.email);
  const emailIssue = emailProblem(email);
  if (emailIssue !== undefined) throw validationError('email', emailIssue);
  const passwordIssue = passwordProblem(account.password);
  if (passwordIssue !== undefined) throw validationError('password', passwordIssue);
  const existing = await findUserByEmail(db, email);
  if (existing !== undefined) throw emailTaken();
  const passwordHash = await hashPassword(account.password, cost);
  try {
    await db
      .insertInto('users')
      .values({
        email,
        password_hash: passwordHash,
        role: account.role,
        status: 'active',
        must_change_password: account.mustChangePassword ? 1 : 0,
        session_counter: 0,
        session_salt: randomBytes(16).toString('hex'),
        rate_limit_per_minute: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  } catch (error) {
    if ((await findUserByEmail(db, email)) !== undefined) throw emailTaken();
    throw error;
  }
  const created = await findUserByEmail(db, email);
  if (created === undefined) throw new Error('inserted user not found');
  return created;
}

function emailTaken(): AppError {
  return new AppError('email_taken', 'An account with this email already exists.', {
    param: 'email',
  });
}

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
}

/** Sets a new password hash and raises the session counter, so older tokens stop working. */
export async function replacePassword(
  db: Db,
  userId: number,
  password: string,
  options: { cost: PasswordCost; mustChange: boolean; now: number },
): Promise<void> {
  const passwordHash = await hashPassword(password, options.cost);
  await db
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      must_change_password: options.mustChange ? 1 : 0,
      session_counter: sql`session_counter + 1`,
      updated_at: options.now,
    })
    .where('id', '=', userId)
    .execute();
}

/** Revokes every token of a user by raising the session counter. */
export async function revokeSessions(db: Db, userId: number, now: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ session_counter: sql`session_counter + 1`, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

/**
 * Sets a random temporary password that must be changed at the next sign-in,
 * and revokes the user's tokens and gateway keys. Returns the password.
 */
export async function resetPasswordToTemporary(
  db: Db,
  userId: number,
  cost: PasswordCost,
  now: number,
): Promise<string> {
  const temporaryPassword = generatePassword();
  await replacePassword(db, userId, temporaryPassword, { cost, mustChange: true, now });
  await db.deleteFrom('gateway_keys').where('user_id', '=', userId).execute();
  return temporaryPassword;
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
