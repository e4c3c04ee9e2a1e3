import { UsageError } from './run-cli.ts';

export interface ParsedOptions {
  /** `--name value` options by name (without the dashes). */
  values: Map<string, string>;
  /** `--name` switches that were given. */
  flags: Set<string>;
  positionals: string[];
}

/**
 * Parses `--name value`, `--name=value` and `--flag` options. Unknown options
 * and a value option without its value are usage errors.
 */
export function parseOptions(
  args: readonly string[],
  spec: { values: readonly string[]; flags: readonly string[] },
): ParsedOptions {
  const parsed: ParsedOptions = { values: new Map(), flags: new Set(), positionals: [] };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      parsed.positionals.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (spec.flags.includes(name) && inline === undefined) {
      parsed.flags.add(name);
    } else if (spec.values.includes(name)) {
      const value = inline ?? args[i + 1];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) {
        throw new UsageError(`--${name} needs a value.`);
      }
      if (inline === undefined) i += 1;
      parsed.values.set(name, value);
    } else {
      throw new UsageError(`Unknown option ${arg}. Run with --help for the options.`);
    }
  }
  return parsed;
}

/** Returns a required `--name value` option or throws a usage error naming it. */
export function requireValue(options: ParsedOptions, name: string): string {
  const value = options.values.get(name);
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required.`);
  return value;
}

/** Reads all of standard input, dropping one trailing line break. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
