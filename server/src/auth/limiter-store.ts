import { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
} from 'rate-limiter-flexible';
import type { AppContext } from '../app/context.ts';

/** Counters for one kind of attempt: `points` allowed per `durationSeconds` window. */
export interface LimiterSpec {
  name: string;
  points: number;
  durationSeconds: number;
}

export type CreateLimiter = (spec: LimiterSpec) => RateLimiterAbstract;

/**
 * Returns a factory of rate-limiter-flexible counters: in process memory by
 * default, or in Redis when REDIS_URL is set, so every instance sees the same
 * counts. The Redis connection is closed on shutdown.
 */
export function createLimiterStore(ctx: AppContext): CreateLimiter {
  const redisUrl = ctx.config.redisUrl;
  if (redisUrl === undefined) {
    return (spec) => new RateLimiterMemory(limiterOptions(spec));
  }
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  client.on('error', (error: Error) => ctx.log.warn({ err: error }, 'redis connection error'));
  ctx.lifecycle.closers.push(async () => {
    await client.quit();
  });
  return (spec) => new RateLimiterRedis({ ...limiterOptions(spec), storeClient: client });
}

function limiterOptions(spec: LimiterSpec) {
  return {
    keyPrefix: `portcullis:${spec.name}`,
    points: spec.points,
    duration: spec.durationSeconds,
  };
}
