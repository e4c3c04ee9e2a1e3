import { parseArgs } from 'node:util';
import type { EmulatorOptions } from './index.ts';

export const HELP = `Usage: npm run emulator -- [options]

Serves OpenRouter's HTTP API offline: /api/v1/models, /api/v1/model/{author}/{slug},
/api/v1/chat/completions, /api/v1/key, /api/v1/auth/key, plus the /__emulator/ control API.

Options:
  --port N              TCP port to listen on (default 9090; 0 picks a free port)
  --host ADDRESS        address to listen on (default 127.0.0.1)
  --catalog FILE        serve this /api/v1/models JSON file instead of the built-in catalogue
  --keys A,B            accept only these keys (default: any key starting with sk-or-)
  --rpm N               requests per key per minute on free models, then 429 (default: no limit)
  --first-token-ms N    milliseconds from the start of a stream to its first token (default 0)
  --chunk-delay-ms N    milliseconds between stream chunks (default 0)
  --reply-tokens N      tokens in a full reply (default 64)
  --help                print this help and exit
`;

/** Parsed command line: options for startEmulator, or a request for help. */
export type CliCommand = { help: true } | { help: false; options: EmulatorOptions };

/** Parses the emulator's flags; throws an Error naming the flag on a bad value. */
export function parseCliOptions(args: string[]): CliCommand {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      catalog: { type: 'string' },
      keys: { type: 'string' },
      rpm: { type: 'string' },
      'first-token-ms': { type: 'string' },
      'chunk-delay-ms': { type: 'string' },
      'reply-tokens': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return { help: true };
  const options: EmulatorOptions = { port: integer(values.port ?? '9090', '--port') };
  if (values.host !== undefined) options.host = values.host;
  if (values.catalog !== undefined) options.catalogPath = values.catalog;
  if (values.keys !== undefined) options.keys = keyList(values.keys);
  if (values.rpm !== undefined) options.rpm = integer(values.rpm, '--rpm');
  if (values['first-token-ms'] !== undefined) {
    options.firstTokenMs = integer(values['first-token-ms'], '--first-token-ms');
  }
  if (values['chunk-delay-ms'] !== undefined) {
    options.chunkDelayMs = integer(values['chunk-delay-ms'], '--chunk-delay-ms');
  }
  if (values['reply-tokens'] !== undefined) {
    options.replyTokens = integer(values['reply-tokens'], '--reply-tokens');
  }
  return { help: false, options };
}

function integer(text: string, flag: string): number {
  if (!/^\d+$/.test(text))
    throw new Error(`Invalid ${flag} value "${text}": expected an integer >= 0.`);
  return Number(text);
}

function keyList(text: string): string[] {
  const keys = text
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  if (keys.length === 0)
    throw new Error('Invalid --keys value: expected a comma-separated list of keys.');
  return keys;
}
