import { adminCommand } from './admin-command.ts';
import { backupCommand } from './backup-command.ts';
import { emulatorCommand } from './emulator-command.ts';
import { migrateCommand } from './migrate-command.ts';
import { serveCommand } from './serve-command.ts';
import { syncModelsCommand } from './sync-models-command.ts';

export interface Command {
  usage: string;
  summary: string;
  help: string;
  run(args: string[]): Promise<number>;
}

/** Every CLI command by name. */
export const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  migrate: migrateCommand,
  emulator: emulatorCommand,
  'sync-models': syncModelsCommand,
  admin: adminCommand,
  backup: backupCommand,
};
