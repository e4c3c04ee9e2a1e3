import { HELP, parseCliOptions } from '../../../emulator/src/cli-options.ts';
import { startEmulator } from '../../../emulator/src/index.ts';
import type { Command } from './commands.ts';
import { UsageError } from './run-cli.ts';

export const emulatorCommand: Command = {
  usage: 'emulator [--port N] [options]',
  summary: 'Serve the offline OpenRouter emulator (127.0.0.1:9090)',
  help: HELP.replace('npm run emulator --', 'portcullis emulator'),
  async run(args) {
    let command: ReturnType<typeof parseCliOptions>;
    try {
      command = parseCliOptions(args);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (command.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const emulator = await startEmulator(command.options);
    process.stdout.write(
      `OpenRouter emulator listening on ${emulator.origin} (base URL ${emulator.baseUrl})\n`,
    );
    return new Promise<number>((resolve) => {
      const stop = () => void emulator.close().then(() => resolve(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
