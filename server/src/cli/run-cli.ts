import { ConfigError } from '../config/parse.ts';
import { EncryptionKeyMismatchError } from '../keys/key-check.ts';
import { SchemaTooNewError } from '../storage/migrate.ts';
import { COMMANDS, type Command } from './commands.ts';

const USAGE = `Usage: portcullis <command> [options]

Commands:
${Object.values(COMMANDS)
  .map((command: Command) => `  ${command.usage.padEnd(44)} ${command.summary}`)
  .join('\n')}

Run "portcullis <command> --help" for the options of one command.
Settings come from the environment and from .env in the working directory.
`;

/** Runs one CLI command and returns the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [name = 'serve', ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    return reportFailure(error);
  }
}

/** Start-up refusals print one line naming the problem and the fix. */
function reportFailure(error: unknown): number {
  const known =
    error instanceof ConfigError ||
    error instanceof EncryptionKeyMismatchError ||
    error instanceof SchemaTooNewError ||
    error instanceof UsageError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(known ? `${message}\n` : `portcullis: ${message}\n`);
  return error instanceof UsageError ? 2 : 1;
}

/** A mistake in the command line itself. */
export class UsageError extends Error {}
