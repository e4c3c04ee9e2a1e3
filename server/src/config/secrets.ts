import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './settings.ts';

export interface Secrets {
  readonly jwtSecret: Buffer;
  readonly encryptionKey: Buffer;
}

interface SecretsFile {
  jwtSecret?: string;
  encryptionKey?: string;
}

export const SECRETS_FILE = 'secrets.json';

/** Creates the data dir with mode 0700. */
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}

/**
 * Returns the JWT secret and encryption key: from the settings when given,
 * else from `secrets.json` in the data dir, generating and writing the missing
 * ones once (mode 0600) so that restarts reuse them.
 */
export function resolveSecrets(config: Config): Secrets {
  if (config.jwtSecret !== undefined && config.encryptionKey !== undefined) {
    return { jwtSecret: config.jwtSecret, encryptionKey: config.encryptionKey };
  }
  ensureDataDir(config.dataDir);
  const path = join(config.dataDir, SECRETS_FILE);
  const stored = readSecretsFile(path);
  let changed = false;
  if (config.jwtSecret === undefined && stored.jwtSecret === undefined) {
    stored.jwtSecret = randomBytes(48).toString('base64');
    changed = true;
  }
  if (config.encryptionKey === undefined && stored.encryptionKey === undefined) {
    stored.encryptionKey = randomBytes(32).toString('hex');
    changed = true;
  }
  if (changed) writeFileSync(path, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return {
    jwtSecret: config.jwtSecret ?? Buffer.from(stored.jwtSecret ?? '', 'base64'),
    encryptionKey: config.encryptionKey ?? Buffer.from(stored.encryptionKey ?? '', 'hex'),
  };
}

function readSecretsFile(path: string): SecretsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null) {
    throw new Error(`${path} is not a JSON object. Restore it from a backup or remove it.`);
  }
  return parsed as SecretsFile;
}
