import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads `KEY=value` lines from `.env` in the working directory. Values already
 * present in the environment win, so a shell setting always overrides the file.
 */
export function readEnvFile(cwd: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(join(cwd, '.env'), 'utf8');
  } catch {
    return {};
  }
  const values: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const key = line
      .slice(0, equals)
      .replace(/^export\s+/, '')
      .trim();
    values[key] = unquote(line.slice(equals + 1).trim());
  }
  return values;
}

function unquote(value: string): string {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
    return value.slice(1, -1);
  }
  return value;
}
