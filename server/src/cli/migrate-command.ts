import { prepareStorage } from '../app/start.ts';
import { loadConfig } from '../config/settings.ts';
import type { Command } from './commands.ts';
import { cliEnvironment } from './environment.ts';

export const migrateCommand: Command = {
  usage: 'migrate',
  summary: 'Apply pending database migrations and exit',
  help: `Usage: portcullis migrate

Applies pending migrations to DATABASE_URL (SQLite in the data dir by
default) under the migration lock, then exits. serve does this too.`,
  async run() {
    process.umask(0o077);
    const config = loadConfig(cliEnvironment());
    const db = await prepareStorage(config);
    await db.destroy();
    process.stdout.write(`Database migrated (${config.database.kind}).\n`);
    return 0;
  },
};
