import { chmodSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { type DatabaseTarget, loadConfig } from '../config/settings.ts';
import { parseOptions, requireValue } from './arguments.ts';
import type { Command } from './commands.ts';
import { cliEnvironment } from './environment.ts';

const HELP = `Usage: portcullis backup --to FILE

Copies the SQLite database to FILE with SQLite's online backup API, so the
gateway may keep running and writing meanwhile. FILE must not exist yet; it
is created with mode 0600. The copy holds encrypted OpenRouter keys: keep
the data dir's secrets.json (or ENCRYPTION_MASTER_KEY) to read them after a
restore, and store both safely.

PostgreSQL and MySQL/MariaDB databases are backed up with their own tools
(pg_dump, mysqldump or mariadb-dump).`;

/** Returns why no backup can be made, or undefined when it can. */
function backupProblem(database: DatabaseTarget, target: string): string | undefined {
  if (database.kind !== 'sqlite') {
    const tool = database.kind === 'postgres' ? 'pg_dump' : 'mysqldump (or mariadb-dump)';
    return `backup copies SQLite databases only; DATABASE_URL points at ${database.kind}. Use ${tool} instead.`;
  }
  if (!existsSync(database.file)) {
    return `No SQLite database at ${database.file}; check PORTCULLIS_DATA_DIR or DATABASE_URL.`;
  }
  if (existsSync(target)) return `${target} already exists; give a new file name.`;
  return undefined;
}

export const backupCommand: Command = {
  usage: 'backup --to FILE',
  summary: 'Copy the SQLite database to FILE while the gateway runs',
  help: HELP,
  async run(args) {
    process.umask(0o077);
    const options = parseOptions(args, { values: ['to'], flags: [] });
    const target = resolve(requireValue(options, 'to'));
    const { database } = loadConfig(cliEnvironment());
    const problem = backupProblem(database, target);
    if (problem !== undefined || database.kind !== 'sqlite') {
      process.stderr.write(`${problem}\n`);
      return 1;
    }

    const source = new SqliteDatabase(database.file, { fileMustExist: true });
    try {
      await source.backup(target);
    } finally {
      source.close();
    }
    chmodSync(target, 0o600);
    process.stdout.write(`Backed up ${database.file} to ${target}.\n`);
    return 0;
  },
};
