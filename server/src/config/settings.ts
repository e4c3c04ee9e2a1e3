import { isAbsolute, resolve } from 'node:path';
import {
  ConfigError,
  type Env,
  readBoolean,
  readChoice,
  readInteger,
  readRaw,
  readString,
  readUrl,
} from './parse.ts';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.ts';

export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string }
  | { kind: 'mysql'; url: string };

export type KeyPolicy = 'byok' | 'shared';

/** Every setting of the gateway, parsed once at start-up and never changed. */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly database: DatabaseTarget;
  readonly redisUrl: string | undefined;
  readonly upstreamBaseUrl: string;
  readonly operatorApiKey: string | undefined;
  readonly keyPolicy: KeyPolicy;
  /** From JWT_SECRET; undefined means generated into the data dir. */
  readonly jwtSecret: Buffer | undefined;
  readonly jwtExpirationMs: number;
  /** From ENCRYPTION_MASTER_KEY; undefined means generated into the data dir. */
  readonly encryptionKey: Buffer | undefined;
  readonly adminEmail: string;
  readonly adminPassword: string | undefined;
  readonly registration: 'open' | 'closed';
  readonly registerLimitPerHour: number;
  readonly rateLimitPerMinute: number;
  readonly usageTimezone: string;
  readonly maxBodyBytes: number;
  readonly maxAuthBodyBytes: number;
  readonly logLevel: string;
  readonly logContent: boolean;
  readonly chatLogRetentionDays: number;
  readonly modelSyncOnStart: boolean;
  readonly modelSyncIntervalHours: number;
  readonly allowPaidModels: boolean;
  readonly upstreamConnectTimeoutMs: number;
  readonly upstreamIdleTimeoutMs: number;
  readonly trustProxy: TrustProxy;
  readonly corsOrigins: readonly string[];
  readonly publicUrl: string;
  readonly metricsToken: string | undefined;
  readonly shutdownGraceMs: number;
  readonly argon2MemoryKib: number;
  readonly argon2Iterations: number;
  /** Start-up warnings to log once the logger exists. */
  readonly warnings: readonly string[];
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Parses the environment into a Config, throwing ConfigError on the first bad value. */
export function loadConfig(env: Env, cwd: string = process.cwd()): Config {
  const host = readString(env, 'PORTCULLIS_HOST', '127.0.0.1');
  const port = readInteger(env, 'PORTCULLIS_PORT', 8080, { min: 0, max: 65535 });
  const dataDir = resolve(cwd, readString(env, 'PORTCULLIS_DATA_DIR', './data'));
  const keyPolicy = readChoice(env, 'KEY_POLICY', ['byok', 'shared'] as const, 'byok');
  const operatorApiKey = readRaw(env, 'OPENROUTER_API_KEY');
  if (keyPolicy === 'shared' && operatorApiKey === undefined) {
    throw new ConfigError(
      'KEY_POLICY',
      'shared needs an operator key',
      'Set OPENROUTER_API_KEY, or use KEY_POLICY=byok.',
    );
  }
  const registration = readChoice(env, 'REGISTRATION', ['open', 'closed'] as const, 'open');
  const warnings: string[] = [];
  if (registration === 'open' && keyPolicy === 'shared') {
    warnings.push(
      'REGISTRATION=open with KEY_POLICY=shared lets anyone who registers spend the operator key',
    );
  }
  const upstream = readUrl(env, 'OPENROUTER_BASE_URL', 'https://openrouter.ai/api/v1');
  const publicUrl = readUrl(env, 'PUBLIC_URL', `http://${host}:${port}`);
  return Object.freeze({
    host,
    port,
    dataDir,
    database: parseDatabase(readRaw(env, 'DATABASE_URL'), dataDir, cwd),
    redisUrl: parseRedisUrl(readRaw(env, 'REDIS_URL')),
    upstreamBaseUrl: String(upstream).replace(/\/+$/, ''),
    operatorApiKey,
    keyPolicy,
    jwtSecret: parseJwtSecret(readRaw(env, 'JWT_SECRET')),
    jwtExpirationMs: readInteger(env, 'JWT_EXPIRATION_MS', 86_400_000, {
      min: 60_000,
      max: 31_536_000_000,
    }),
    encryptionKey: parseEncryptionKey(readRaw(env, 'ENCRYPTION_MASTER_KEY')),
    adminEmail: readString(env, 'ADMIN_EMAIL', 'admin@localhost').toLowerCase(),
    adminPassword: readRaw(env, 'ADMIN_PASSWORD'),
    registration,
    registerLimitPerHour: readInteger(env, 'REGISTER_LIMIT_PER_HOUR', 10, { min: 0 }),
    rateLimitPerMinute: readInteger(env, 'RATE_LIMIT_PER_MINUTE', 20, { min: 1 }),
    usageTimezone: parseTimezone(readString(env, 'USAGE_TIMEZONE', 'UTC')),
    maxBodyBytes: readInteger(env, 'MAX_BODY_BYTES', 16_777_216, { min: 1024 }),
    maxAuthBodyBytes: readInteger(env, 'MAX_AUTH_BODY_BYTES', 65_536, { min: 1024 }),
    logLevel: readChoice(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    logContent: readBoolean(env, 'LOG_CONTENT', true),
    chatLogRetentionDays: readInteger(env, 'CHAT_LOG_RETENTION_DAYS', 0, { min: 0 }),
    modelSyncOnStart: readBoolean(env, 'MODEL_SYNC_ON_START', true),
    modelSyncIntervalHours: readInteger(env, 'MODEL_SYNC_INTERVAL_HOURS', 24, { min: 0 }),
    allowPaidModels: readBoolean(env, 'ALLOW_PAID_MODELS', false),
    upstreamConnectTimeoutMs: readInteger(env, 'UPSTREAM_CONNECT_TIMEOUT_MS', 5000, { min: 1 }),
    upstreamIdleTimeoutMs: readInteger(env, 'UPSTREAM_IDLE_TIMEOUT_MS', 60_000, { min: 1 }),
    trustProxy: parseTrustProxy(readRaw(env, 'TRUST_PROXY')),
    corsOrigins: parseOrigins(readRaw(env, 'CORS_ORIGINS')),
    publicUrl: String(publicUrl).replace(/\/+$/, ''),
    metricsToken: readRaw(env, 'METRICS_TOKEN'),
    shutdownGraceMs: readInteger(env, 'SHUTDOWN_GRACE_MS', 10_000, { min: 0 }),
    argon2MemoryKib: readInteger(env, 'ARGON2_MEMORY_KIB', 19_456, { min: 1024 }),
    argon2Iterations: readInteger(env, 'ARGON2_ITERATIONS', 2, { min: 1 }),
    warnings,
  });
}

function parseDatabase(raw: string | undefined, dataDir: string, cwd: string): DatabaseTarget {
  if (raw === undefined) return { kind: 'sqlite', file: resolve(dataDir, 'portcullis.db') };
  if (/^postgres(ql)?:\/\//i.test(raw)) return { kind: 'postgres', url: raw };
  if (/^(mysql|mariadb):\/\//i.test(raw)) {
    return { kind: 'mysql', url: raw.replace(/^mariadb:/i, 'mysql:') };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    throw new ConfigError(
      'DATABASE_URL',
      'unsupported scheme',
      'Use postgres://…, mysql://… or a SQLite file path.',
    );
  }
  const file = raw.replace(/^(sqlite|file):/i, '');
  return { kind: 'sqlite', file: isAbsolute(file) ? file : resolve(cwd, file) };
}

function parseRedisUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^rediss?:\/\//i.test(raw)) {
    throw new ConfigError('REDIS_URL', `"${raw}" is not a redis:// URL`, 'Use redis://host:port.');
  }
  return raw;
}

function parseJwtSecret(raw: string | undefined): Buffer | undefined {
  if (raw === undefined) return undefined;
  const bytes = Buffer.from(raw, 'base64');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw) || bytes.length < 32) {
    throw new ConfigError(
      'JWT_SECRET',
      'must be base64 of at least 32 bytes',
      'Generate one with: openssl rand -base64 48',
    );
  }
  return bytes;
}

function parseEncryptionKey(raw: string | undefined): Buffer | undefined {
  if (raw === undefined) return undefined;
  if (!/^[0-9a-fA-F]{64}$/.test(raw)) {
    throw new ConfigError(
      'ENCRYPTION_MASTER_KEY',
      'must be 64 hex characters (32 bytes)',
      'Generate one with: openssl rand -hex 32',
    );
  }
  return Buffer.from(raw, 'hex');
}

function parseTimezone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    throw new ConfigError(
      'USAGE_TIMEZONE',
      `"${zone}" is not an IANA time zone`,
      'Use a name such as Europe/Berlin.',
    );
  }
}

function parseOrigins(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return raw.split(',').map((entry) => {
    const origin = entry.trim();
    try {
      const url = new URL(origin);
      if (url.origin !== origin.replace(/\/$/, '')) throw new Error('not an origin');
      return url.origin;
    } catch {
      throw new ConfigError(
        'CORS_ORIGINS',
        `"${origin}" is not an origin`,
        'List origins such as https://app.example.com, separated by commas.',
      );
    }
  });
}
