import { recordAudit } from '../admin/audit-log.ts';
import { prepareStorage } from '../app/start.ts';
import {
  createAccount,
  findUserByEmail,
  generatePassword,
  resetPasswordToTemporary,
} from '../auth/accounts.ts';
import type { Config } from '../config/settings.ts';
import { loadConfig } from '../config/settings.ts';
import type { Db } from '../storage/database.ts';
import { parseOptions, readStdin, requireValue } from './arguments.ts';
import type { Command } from './commands.ts';
import { cliEnvironment } from './environment.ts';
import { UsageError } from './run-cli.ts';

const HELP = `Usage: portcullis admin create --email E [--password-stdin]
       portcullis admin reset-password --email E

create          Creates an admin account. With --password-stdin the password
                is read from standard input (10–256 characters); without it a
                random password is generated, printed once, and must be
                changed at the first sign-in.
reset-password  Gives the account a random temporary password, printed once,
                that must be changed at the next sign-in. Every token and
                gateway API key of the account stops working.

Both run against DATABASE_URL (SQLite in PORTCULLIS_DATA_DIR by default) and
apply pending migrations first. Running gateways see the change within 1 s.`;

async function withDatabase<T>(run: (db: Db, config: Config) => Promise<T>): Promise<T> {
  process.umask(0o077);
  const config = loadConfig(cliEnvironment());
  const db = await prepareStorage(config);
  try {
    return await run(db, config);
  } finally {
    await db.destroy();
  }
}

function costOf(config: Config) {
  return { memoryKib: config.argon2MemoryKib, iterations: config.argon2Iterations };
}

async function createAdmin(args: string[]): Promise<number> {
  const options = parseOptions(args, { values: ['email'], flags: ['password-stdin'] });
  const email = requireValue(options, 'email');
  const fromStdin = options.flags.has('password-stdin');
  const password = fromStdin ? await readStdin() : generatePassword();
  return withDatabase(async (db, config) => {
    const now = Date.now();
    const user = await createAccount(
      db,
      { email, password, role: 'admin', mustChangePassword: !fromStdin },
      costOf(config),
      now,
    );
    await recordAudit(
      db,
      {
        actor: null,
        action: 'user.create',
        targetType: 'user',
        targetId: user.id,
        after: { email: user.email, role: 'admin' },
      },
      now,
    );
    process.stdout.write(`Created admin ${user.email} (id ${user.id}).\n`);
    if (!fromStdin) {
      process.stdout.write(
        `Password: ${password}\nIt is shown only now and must be changed at the first sign-in.\n`,
      );
    }
    return 0;
  });
}

async function resetPassword(args: string[]): Promise<number> {
  const options = parseOptions(args, { values: ['email'], flags: [] });
  const email = requireValue(options, 'email');
  return withDatabase(async (db, config) => {
    const user = await findUserByEmail(db, email);
    if (user === undefined) {
      process.stderr.write(`No account has the email ${email.trim().toLowerCase()}.\n`);
      return 1;
    }
    const now = Date.now();
    const temporary = await resetPasswordToTemporary(db, user.id, costOf(config), now);
    await recordAudit(
      db,
      { actor: null, action: 'user.reset_password', targetType: 'user', targetId: user.id },
      now,
    );
    process.stdout.write(
      `Temporary password for ${user.email}: ${temporary}\n` +
        'It is shown only now and must be changed at the next sign-in. ' +
        "The account's tokens and gateway API keys were revoked.\n",
    );
    return 0;
  });
}

export const adminCommand: Command = {
  usage: 'admin create|reset-password --email E',
  summary: 'Create an admin, or reset an account to a temporary password',
  help: HELP,
  async run(args) {
    const [action, ...rest] = args;
    if (action === 'create') return createAdmin(rest);
    if (action === 'reset-password') return resetPassword(rest);
    throw new UsageError(
      action === undefined
        ? 'admin needs a subcommand: create or reset-password.'
        : `Unknown admin subcommand "${action}"; use create or reset-password.`,
    );
  },
};
