import { setTimeout as sleep } from 'node:timers/promises';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../http/errors.ts';
import type { CreateLimiter } from './limiter-store.ts';

const WINDOW_SECONDS = 15 * 60;
/** Failures for one email from one IP before that IP is throttled for the email. */
export const EMAIL_IP_FAILURES = 5;
/** Failures from one IP, whatever the email, before that IP is throttled. */
export const IP_FAILURES = 50;
/** Failures for one email from every IP after which each attempt waits SLOW_DOWN_MS. */
export const EMAIL_FAILURES_BEFORE_DELAY = 20;
export const SLOW_DOWN_MS = 1000;

/**
 * A sign-in attempt's point on every counter, taken before the password is
 * checked. The point stays as a failure unless `succeeded` or `abandon`
 * gives it back.
 */
interface Reservation {
  /** Gives the points back and clears the email+IP count after a correct password. */
  succeeded(): Promise<void>;
  /** Gives the points back when the attempt ended without a verdict (a server error). */
  abandon(): Promise<void>;
}

/**
 * Counts failed sign-ins (wrong passwords, unknown emails, disabled accounts)
 * in 15-minute windows. Each attempt takes its point with an atomic `consume`
 * before the slow password check, so concurrent attempts cannot all pass a
 * check made before any of them failed. Throttling rejects only the IP that
 * failed, and the per-email count over all IPs only slows attempts down, so
 * an attacker elsewhere cannot lock the real owner of an account out.
 */
export class LoginThrottle {
  readonly #byEmailAndIp: RateLimiterAbstract;
  readonly #byIp: RateLimiterAbstract;
  readonly #byEmail: RateLimiterAbstract;

  constructor(createLimiter: CreateLimiter) {
    const window = { durationSeconds: WINDOW_SECONDS };
    this.#byEmailAndIp = createLimiter({
      name: 'login:email-ip',
      points: EMAIL_IP_FAILURES,
      ...window,
    });
    this.#byIp = createLimiter({ name: 'login:ip', points: IP_FAILURES, ...window });
    this.#byEmail = createLimiter({
      name: 'login:email',
      points: EMAIL_FAILURES_BEFORE_DELAY,
      ...window,
    });
  }

  /**
   * Runs `check` (the password check) as one counted attempt. A result of
   * undefined is a failure and keeps its point. A value is a success and
   * gives the points back, and so does an exception, which is rethrown.
   * Throws login_throttled, without running `check`, for a throttled IP.
   */
  async attempt<T>(
    email: string,
    ip: string,
    check: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const reservation = await this.#reserve(email, ip);
    let outcome: T | undefined;
    try {
      outcome = await check();
    } catch (error) {
      await reservation.abandon();
      throw error;
    }
    if (outcome !== undefined) await reservation.succeeded();
    return outcome;
  }

  /**
   * Takes the attempt's points. Throws login_throttled for a throttled IP, and
   * waits SLOW_DOWN_MS when the email already has more than
   * EMAIL_FAILURES_BEFORE_DELAY failures or attempts in progress.
   */
  async #reserve(email: string, ip: string): Promise<Reservation> {
    const pair = pairKey(email, ip);
    await this.#takeOrThrottle([{ limiter: this.#byEmailAndIp, key: pair }]);
    await this.#takeOrThrottle([
      { limiter: this.#byIp, key: ip },
      { limiter: this.#byEmailAndIp, key: pair },
    ]);
    const account = await consumeOne(this.#byEmail, email);
    // consumedPoints includes this attempt, so the earlier ones are one fewer.
    if (account.consumedPoints - 1 > EMAIL_FAILURES_BEFORE_DELAY) await sleep(SLOW_DOWN_MS);

    const giveBack = async () => {
      await Promise.all([this.#byIp.reward(ip), this.#byEmail.reward(email)]);
    };
    return {
      succeeded: async () => {
        await Promise.all([giveBack(), this.#byEmailAndIp.delete(pair)]);
      },
      abandon: async () => {
        await Promise.all([giveBack(), this.#byEmailAndIp.reward(pair)]);
      },
    };
  }

  /**
   * Consumes a point on the first counter. When that exceeds its limit, gives
   * the point back on it and on the other counters, which were taken earlier,
   * and throws login_throttled.
   */
  async #takeOrThrottle(counters: Counter[]): Promise<void> {
    const [first] = counters;
    if (first === undefined) return;
    const result = await consumeOne(first.limiter, first.key);
    if (result.consumedPoints <= first.limiter.points) return;
    await Promise.all(counters.map(({ limiter, key }) => limiter.reward(key)));
    throw throttled(result.msBeforeNext);
  }
}

interface Counter {
  limiter: RateLimiterAbstract;
  key: string;
}

/** Consumes one point and returns the counter's state, whether or not the limit was exceeded. */
async function consumeOne(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}

function pairKey(email: string, ip: string): string {
  return `${email}|${ip}`;
}

function throttled(msBeforeNext: number): AppError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError(
    'login_throttled',
    `Too many failed sign-ins from this address. Try again in ${seconds} s.`,
    { headers: { 'Retry-After': String(seconds) } },
  );
}
