import { RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../http/errors.ts';
import type { CreateLimiter } from './limiter-store.ts';

/** Builds the per-IP hourly registration check (REGISTER_LIMIT_PER_HOUR; 0 allows none). */
export function createRegisterLimit(createLimiter: CreateLimiter, perHour: number) {
  const limiter = createLimiter({ name: 'register:ip', points: perHour, durationSeconds: 3600 });
  return async function takeRegistrationSlot(ip: string): Promise<void> {
    try {
      await limiter.consume(ip);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new AppError(
        'rate_limited',
        `Too many registrations from this address. Try again in ${seconds} s.`,
        { headers: { 'Retry-After': String(seconds) } },
      );
    }
  };
}
