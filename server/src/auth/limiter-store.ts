import type * as IoRedis from 'ioredis';
import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
} from 'rate-limiter-flexible';
import type { AppContext } from '../app/context.ts';
import { loadOptionalModule } from '../app/optional-module.ts';

/** Counters for one kind of attempt: `points` allowed per `durationSeconds` window. */
export interface LimiterSpec {
  name: string;
  points: number;
  durationSeconds: number;
}

export type CreateLimiter = (spec: LimiterSpec) => RateLimiterAbstract;

/**
 * Returns a factory of rate-limiter-flexible counters: in process memory by
 * default, or in Redis when REDIS_URL is set, so all instances share the
 * counts. Redis keys start with PORTCULLIS_REDIS_PREFIX; the connection is
 * closed on shutdown.
 */
export function createLimiterStore(ctx: AppContext): CreateLimiter {
  const redisUrl = ctx.config.redisUrl;
  if (redisUrl === undefined) {
    return (spec) => new RateLimiterMemory(limiterOptions('portcullis:', spec));
  }
  const client = new (RedisClientClass())(redisUrl, { maxRetriesPerRequest: 2 });
  watchConnection(client, ctx);
  ctx.lifecycle.closers.push(async () => {
    await client.quit();
  });
  // While Redis is unreachable each instance counts in its own memory, so
  // sign-ins keep working and are still throttled per instance.
  return (spec) =>
    new RateLimiterRedis({
      ...limiterOptions(ctx.redisPrefix, spec),
      storeClient: client,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(limiterOptions('portcullis:', spec)),
    });
}

/** Logs the first error of each outage and the recovery, not every reconnect attempt. */
function watchConnection(client: Redis, ctx: AppContext): void {
  let failing = false;
  client.on('error', (error: Error) => {
    if (failing) return;
    failing = true;
    ctx.log.warn({ err: error }, 'redis for sign-in counters unreachable; counting in memory');
  });
  client.on('ready', () => {
    if (!failing) return;
    failing = false;
    ctx.log.info('redis for sign-in counters reachable again');
  });
}

function limiterOptions(prefix: string, spec: LimiterSpec) {
  return {
    keyPrefix: `${prefix}${spec.name}`,
    points: spec.points,
    duration: spec.durationSeconds,
  };
}

function RedisClientClass(): typeof IoRedis.Redis {
  return loadOptionalModule<typeof IoRedis>('ioredis').Redis;
}
