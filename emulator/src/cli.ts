import { HELP, parseCliOptions } from './cli-options.ts';
import { startEmulator } from './index.ts';

async function main(): Promise<void> {
  const command = parseCliOptions(process.argv.slice(2));
  if (command.help) {
    process.stdout.write(HELP);
    return;
  }
  const emulator = await startEmulator(command.options);
  console.log(`OpenRouter emulator listening on ${emulator.origin} (base URL ${emulator.baseUrl})`);
  const stop = (signal: string) => {
    console.log(`OpenRouter emulator stopping on ${signal}`);
    emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`emulator: ${(error as Error).message}`);
  process.exit(1);
});
