import { HELP, parseCliOptions } from './cli-options.ts';
import { startEmulator } from './index.ts';

async function main(): Promise<void> {
  const command = parseCliOptions(process.argv.slice(2));
  if (command.help) {
    process.stdout.write(HELP);
    return;
  }
  const emulator = await startEmulator(command.options);
  const stop = (signal: string) => {
    console.log(`OpenRouter emulator stopping on ${signal}`);
    emulator.close().then(() => process.exit(0));
  };
  // Handlers go in before the listening line, so a caller that signals on that line is heard.
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  console.log(`OpenRouter emulator listening on ${emulator.origin} (base URL ${emulator.baseUrl})`);
}

main().catch((error: unknown) => {
  console.error(`emulator: ${(error as Error).message}`);
  process.exit(1);
});
