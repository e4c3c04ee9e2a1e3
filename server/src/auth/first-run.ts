import type { Config } from '../config/settings.ts';
import type { Db } from '../storage/database.ts';
import { createAccount, generatePassword } from './accounts.ts';

/**
 * Creates the first admin when the database has none. Without ADMIN_PASSWORD
 * a random password is generated, written once to stderr (outside the logger,
 * which never sees it) and must be changed at the first sign-in.
 */
export async function ensureFirstAdmin(db: Db, config: Config, now: number): Promise<boolean> {
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .executeTakeFirst();
  if (existing !== undefined) return false;
  const password = config.adminPassword ?? generatePassword();
  await createAccount(
    db,
    {
      email: config.adminEmail,
      password,
      role: 'admin',
      mustChangePassword: config.adminPassword === undefined,
    },
    { memoryKib: config.argon2MemoryKib, iterations: config.argon2Iterations },
    now,
  );
  if (config.adminPassword === undefined) {
    process.stderr.write(`Initial admin: ${config.adminEmail} / ${password}\n`);
  }
  return true;
}
