import type { FastifyBaseLogger } from 'fastify';
import type { UserCache } from '../auth/user-cache.ts';
import type { ChatAdmission } from '../chat/admission.ts';
import type { ChatLogWriter } from '../chat/chat-log-writer.ts';
import type { Secrets } from '../config/secrets.ts';
import type { Config } from '../config/settings.ts';
import type { GatewayKeyStore } from '../keys/gateway-key-store.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Db } from '../storage/database.ts';
import type { DialectKind } from '../storage/dialect.ts';
import type { UpstreamPool } from '../upstream/upstream-pool.ts';

/**
 * The services every feature is built from, created once at start-up and
 * passed to each feature's route plugin. Nothing here is a module global.
 */
export interface AppContext {
  readonly config: Config;
  /** PORTCULLIS_REDIS_PREFIX: the prefix of every Redis key this deployment writes. */
  readonly redisPrefix: string;
  readonly secrets: Secrets;
  readonly db: Db;
  readonly dialect: DialectKind;
  /** Unix milliseconds; tests inject their own clock. */
  readonly now: () => number;
  readonly log: FastifyBaseLogger;
  readonly users: UserCache;
  readonly gatewayKeys: GatewayKeyStore;
  readonly metrics: Metrics;
  /** Model, per-minute and daily checks of the chat routes. */
  readonly admission: ChatAdmission;
  /** Batched writer of chat-log rows (every chat route and upstream call for a user). */
  readonly chatLogs: ChatLogWriter;
  /** Keep-alive connection pool to OPENROUTER_BASE_URL. */
  readonly upstream: UpstreamPool;
  readonly lifecycle: Lifecycle;
}

/** Start-up and shutdown state shared by health checks and long-lived streams. */
export interface Lifecycle {
  /** True once migrations and the first catalogue sync attempt are done. */
  ready: boolean;
  /** Set when SIGTERM arrives; streams use it to finish within the grace period. */
  shuttingDown: boolean;
  /** Aborted when the shutdown grace period ends: open streams must end then. */
  readonly streamsDeadline: AbortController;
  /** Work run after the port opens; the gateway is ready when all of it has finished. */
  readonly startupTasks: Array<() => Promise<void>>;
  /** Work to finish (flush logs, close pools) after the server stops accepting, in order. */
  readonly closers: Array<() => Promise<void>>;
}
