import type { FastifyBaseLogger } from 'fastify';
import type * as IoRedis from 'ioredis';
import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { loadOptionalModule } from '../app/optional-module.ts';
import type { RateLimitState } from '../chat/admission.ts';
import { AppError } from '../http/errors.ts';

const WINDOW_SECONDS = 60;
// The store counts far past any per-user limit; each caller compares the count
// with its own limit, so one limiter serves every override.
const STORE_POINTS = 1_000_000_000;

export interface MinuteRateLimiterOptions {
  /** Shared counters when set; in-process counters otherwise. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key, so several deployments can share one Redis. */
  redisPrefix: string;
  log: FastifyBaseLogger;
}

/** Fixed one-minute windows of chat requests per user. */
export class MinuteRateLimiter {
  readonly #limiter: RateLimiterAbstract;
  readonly #redis: Redis | undefined;

  constructor(options: MinuteRateLimiterOptions) {
    const base = { points: STORE_POINTS, duration: WINDOW_SECONDS, keyPrefix: 'rate' };
    if (options.redisUrl === undefined) {
      this.#limiter = new RateLimiterMemory(base);
      return;
    }
    this.#redis = new (RedisClientClass())(options.redisUrl, {
      keyPrefix: options.redisPrefix,
      maxRetriesPerRequest: 1,
      // Commands fail at once while disconnected, so chat requests fall back to
      // memory counters instead of waiting for a reconnect.
      enableOfflineQueue: false,
    });
    // ioredis emits an error on every reconnect attempt, so at most one line a minute is logged.
    let lastLogged = 0;
    this.#redis.on('error', (error) => {
      if (Date.now() - lastLogged < 60_000) return;
      lastLogged = Date.now();
      options.log.warn(
        { err: error },
        'redis connection failed; per-minute limits count in memory',
      );
    });
    this.#limiter = new RateLimiterRedis({
      ...base,
      storeClient: this.#redis,
      // While Redis is unreachable, each instance counts on its own.
      insuranceLimiter: new RateLimiterMemory(base),
    });
  }

  /** Takes one slot for the user, or throws 429 rate_limited when the window is full. */
  async take(userId: number, limit: number): Promise<RateLimitState> {
    const key = String(userId);
    const result = await this.#consume(key);
    const resetSeconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
    if (result.consumedPoints <= limit) {
      return { limit, remaining: limit - result.consumedPoints, resetSeconds };
    }
    // A refused request gives its point back, so the count stays the number of admitted requests.
    await this.#limiter.reward(key, 1).catch(() => undefined);
    throw rateLimited({ limit, remaining: 0, resetSeconds });
  }

  async close(): Promise<void> {
    const redis = this.#redis;
    if (redis === undefined) return;
    // QUIT waits for a connection that may never come, so an unconnected client is dropped at once.
    if (redis.status !== 'ready') {
      redis.disconnect();
      return;
    }
    await redis.quit().catch(() => redis.disconnect());
  }

  async #consume(key: string): Promise<RateLimiterRes> {
    try {
      return await this.#limiter.consume(key, 1);
    } catch (error) {
      // consume rejects with a RateLimiterRes only past STORE_POINTS; anything else is a store failure.
      if (error instanceof RateLimiterRes) return error;
      throw error;
    }
  }
}

/** The RateLimit-* headers of a per-minute limiter state. */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'RateLimit-Limit': String(state.limit),
    'RateLimit-Remaining': String(state.remaining),
    'RateLimit-Reset': String(state.resetSeconds),
  };
}

function rateLimited(state: RateLimitState): AppError {
  return new AppError(
    'rate_limited',
    `Rate limit of ${state.limit} requests per minute reached; retry in ${state.resetSeconds} s.`,
    { headers: { 'Retry-After': String(state.resetSeconds), ...rateLimitHeaders(state) } },
  );
}

function RedisClientClass(): typeof IoRedis.Redis {
  return loadOptionalModule<typeof IoRedis>('ioredis').Redis;
}
