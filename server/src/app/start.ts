import type { Logger } from 'pino';
import { ensureFirstAdmin } from '../auth/first-run.ts';
import { UserCache } from '../auth/user-cache.ts';
import { ChatLogWriter } from '../chat/chat-log-writer.ts';
import type { Env } from '../config/parse.ts';
import { ensureDataDir, resolveSecrets } from '../config/secrets.ts';
import { type Config, loadConfig } from '../config/settings.ts';
import { GatewayKeyStore } from '../keys/gateway-key-store.ts';
import { checkEncryptionKey } from '../keys/key-check.ts';
import { createChatAdmission } from '../limits/admission.ts';
import { readRedisPrefix } from '../limits/redis-prefix.ts';
import { createMetrics } from '../observability/metrics.ts';
import { type Db, openDatabase, restrictSqliteFiles } from '../storage/database.ts';
import { dialectOf } from '../storage/dialect.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { createUpstreamPool } from '../upstream/upstream-pool.ts';
import { type BuiltApp, buildApp } from './build-app.ts';
import type { AppContext } from './context.ts';
import { createLogger } from './logger.ts';

export interface StartOptions {
  env: Env;
  cwd?: string;
  /** Injected clock (Unix ms) for tests. */
  now?: () => number;
  logger?: Logger;
}

export interface RunningGateway extends BuiltApp {
  ctx: AppContext;
  /** http://host:port the server listens on. */
  url: string;
  /** Stops accepting, lets open streams finish within the grace period, then flushes and closes. */
  close(): Promise<void>;
}

/** Opens storage and migrates it; used by `serve` and by `migrate`. */
export async function prepareStorage(config: Config) {
  if (config.database.kind === 'sqlite') ensureDataDir(config.dataDir);
  const db = openDatabase(config.database);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  if (config.database.kind === 'sqlite') restrictSqliteFiles(config.database.file);
  return db;
}

/** Starts the whole gateway: config, secrets, storage, first admin, routes, listening socket. */
export async function startGateway(options: StartOptions): Promise<RunningGateway> {
  const config = loadConfig(options.env, options.cwd);
  const redisPrefix = readRedisPrefix(options.env);
  const log = options.logger ?? createLogger(config);
  const now = options.now ?? Date.now;
  for (const warning of config.warnings) log.warn(warning);
  const secrets = resolveSecrets(config);
  const db = await prepareStorage(config);
  await destroyOnFailure(db, async () => {
    await checkEncryptionKey(db, secrets.encryptionKey);
    await ensureFirstAdmin(db, config, now());
  });
  const admission = createChatAdmission({ config, db, now, log, redisPrefix });
  const metrics = createMetrics();
  const chatLogs = new ChatLogWriter({
    db,
    log,
    metrics,
    settings: { timezone: config.usageTimezone, logContent: config.logContent },
  });
  const upstream = createUpstreamPool(config);
  const ctx: AppContext = {
    config,
    redisPrefix,
    secrets,
    db,
    dialect: dialectOf(db),
    now,
    log,
    users: new UserCache(db, now),
    gatewayKeys: new GatewayKeyStore(db, now, log),
    metrics,
    admission,
    chatLogs,
    upstream,
    lifecycle: {
      ready: false,
      shuttingDown: false,
      streamsDeadline: new AbortController(),
      startupTasks: [],
      closers: [],
    },
  };
  ctx.lifecycle.closers.push(() => admission.close());
  // After the server closed (streams finished or cut): write the last rows, then drop the sockets.
  ctx.lifecycle.closers.push(
    () => chatLogs.close(),
    () => upstream.close(),
  );
  const built = await buildApp(ctx);
  const address = await built.app.listen({ host: config.host, port: config.port });
  const url = address.replace('[::1]', 'localhost');
  log.info(
    { url, database: config.database.kind, upstream: config.upstreamBaseUrl },
    'Portcullis listening',
  );
  void runStartupTasks(ctx);
  return { ...built, ctx, url, close: () => shutdown(built, ctx) };
}

async function runStartupTasks(ctx: AppContext): Promise<void> {
  for (const task of ctx.lifecycle.startupTasks) {
    try {
      await task();
    } catch (error) {
      ctx.log.error({ err: error }, 'start-up task failed');
    }
  }
  ctx.lifecycle.ready = true;
}

async function shutdown(built: BuiltApp, ctx: AppContext): Promise<void> {
  if (ctx.lifecycle.shuttingDown) return;
  ctx.lifecycle.shuttingDown = true;
  const deadline = setTimeout(
    () => ctx.lifecycle.streamsDeadline.abort(),
    ctx.config.shutdownGraceMs,
  );
  try {
    await built.app.close();
  } finally {
    clearTimeout(deadline);
  }
  for (const closer of ctx.lifecycle.closers) {
    try {
      await closer();
    } catch (error) {
      ctx.log.error({ err: error }, 'shutdown step failed');
    }
  }
  await ctx.gatewayKeys.close();
  await ctx.db.destroy();
  ctx.log.info('Portcullis stopped');
}

/** Runs start-up checks, closing the pool when one fails so a refused start exits at once. */
async function destroyOnFailure(db: Db, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
