import { ConfigError, type Env, readRaw } from '../config/parse.ts';

const DEFAULT_PREFIX = 'portcullis:';

/**
 * Reads PORTCULLIS_REDIS_PREFIX, the prefix of every Redis key the gateway
 * writes (default `portcullis:`), so several deployments or test runs can
 * share one Redis without sharing counters.
 */
export function readRedisPrefix(env: Env): string {
  const raw = readRaw(env, 'PORTCULLIS_REDIS_PREFIX');
  if (raw === undefined) return DEFAULT_PREFIX;
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(raw)) {
    throw new ConfigError(
      'PORTCULLIS_REDIS_PREFIX',
      `"${raw}" is not a valid key prefix`,
      'Use up to 64 letters, digits, and _ . : - characters, such as portcullis:',
    );
  }
  return raw;
}
