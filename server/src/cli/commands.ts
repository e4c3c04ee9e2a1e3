import { emulatorCommand } from './emulator-command.ts';
import { migrateCommand } from './migrate-command.ts';
import { serveCommand } from './serve-command.ts';

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
};
