/** A setting that cannot be used; the message names the variable and the fix. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string, fix: string) {
    super(`${variable}: ${problem}. ${fix}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Reads a variable, treating an empty string as unset. */
export function readRaw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function readString(env: Env, name: string, fallback: string): string {
  return readRaw(env, name) ?? fallback;
}

export function readInteger(
  env: Env,
  name: string,
  fallback: number,
  range: { min: number; max?: number },
): number {
  const raw = readRaw(env, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) {
    throw new ConfigError(name, `"${raw}" is not an integer`, `Set it to a whole number.`);
  }
  const value = Number(raw);
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (value < range.min || value > max) {
    const bounds = range.max === undefined ? `at least ${range.min}` : `${range.min}–${range.max}`;
    throw new ConfigError(name, `${value} is out of range`, `Use a value ${bounds}.`);
  }
  return value;
}

export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = readRaw(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `"${raw}" is not a boolean`, 'Use true or false.');
}

export function readChoice<T extends string>(
  env: Env,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = readRaw(env, name);
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase();
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(name, `"${raw}" is not allowed`, `Use one of: ${choices.join(', ')}.`);
}

export function readUrl(env: Env, name: string, fallback: string | undefined): URL | undefined {
  const raw = readRaw(env, name) ?? fallback;
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return url;
  } catch {
    throw new ConfigError(
      name,
      `"${raw}" is not an http(s) URL`,
      'Give a full URL such as https://host/path.',
    );
  }
}
