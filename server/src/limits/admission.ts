import type { FastifyBaseLogger } from 'fastify';
import { checkModelAccess, ModelAccessCache } from '../catalog/model-access.ts';
import { markModelWithdrawn } from '../catalog/withdrawal.ts';
import type { ChatAdmission } from '../chat/admission.ts';
import type { Config } from '../config/settings.ts';
import type { Db } from '../storage/database.ts';
import { dialectOf } from '../storage/dialect.ts';
import { DailyQuota } from './daily-quota.ts';
import { MinuteRateLimiter } from './minute-rate-limiter.ts';

export interface ChatAdmissionOptions {
  config: Config;
  db: Db;
  now: () => number;
  log: FastifyBaseLogger;
  /** PORTCULLIS_REDIS_PREFIX, see readRedisPrefix. */
  redisPrefix: string;
}

/** The admission service plus what start-up and shutdown need from it. */
export interface GatewayAdmission extends ChatAdmission {
  /** Closes the Redis connection of the per-minute limiter, if any. */
  close(): Promise<void>;
}

/** Builds the catalogue, per-minute and daily checks the chat routes run before the upstream call. */
export function createChatAdmission(options: ChatAdmissionOptions): GatewayAdmission {
  const { config, db, now } = options;
  const models = new ModelAccessCache(db, now);
  const quota = new DailyQuota({ db, dialect: dialectOf(db), timezone: config.usageTimezone, now });
  const limiter = new MinuteRateLimiter({
    redisUrl: config.redisUrl,
    redisPrefix: options.redisPrefix,
    log: options.log,
  });
  return {
    checkModel: (user, request) => checkModelAccess(models, user, request),
    forgetModels: () => models.forget(),
    takeRateSlot: (user) =>
      limiter.take(user.id, user.rate_limit_per_minute ?? config.rateLimitPerMinute),
    reserveDaily: (user, modelId) => quota.reserve(user.id, modelId),
    addInternalTokens: (user, modelId, totalTokens) =>
      quota.addTokens(user.id, modelId, totalTokens),
    markWithdrawn: async (modelId, availabilityCode) => {
      const marked = await markModelWithdrawn(db, modelId, availabilityCode, now());
      models.forget();
      if (marked) {
        options.log.warn({ modelId, availabilityCode }, 'model marked withdrawn');
      }
    },
    close: () => limiter.close(),
  };
}
