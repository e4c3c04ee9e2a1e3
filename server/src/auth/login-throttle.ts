import { setTimeout as sleep } from 'node:timers/promises';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
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
 * Counts failed sign-ins (wrong passwords, unknown emails) in 15-minute
 * windows. Throttling answers only the IP that failed, and the per-email
 * count over all IPs only slows attempts down, so an attacker elsewhere
 * cannot lock the real owner of an account out. Successes are never counted.
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

  /** Throws login_throttled for a throttled IP, and waits when the email has many failures. */
  async beforeAttempt(email: string, ip: string): Promise<void> {
    const [pair, address, account] = await Promise.all([
      this.#byEmailAndIp.get(pairKey(email, ip)),
      this.#byIp.get(ip),
      this.#byEmail.get(email),
    ]);
    const waits: number[] = [];
    if (pair !== null && pair.consumedPoints >= EMAIL_IP_FAILURES) waits.push(pair.msBeforeNext);
    if (address !== null && address.consumedPoints >= IP_FAILURES) waits.push(address.msBeforeNext);
    if (waits.length > 0) throw throttled(Math.max(...waits));
    if (account !== null && account.consumedPoints > EMAIL_FAILURES_BEFORE_DELAY) {
      await sleep(SLOW_DOWN_MS);
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([
      this.#byEmailAndIp.penalty(pairKey(email, ip)),
      this.#byIp.penalty(ip),
      this.#byEmail.penalty(email),
    ]);
  }

  /** Clears the email+IP count after a correct password; the IP and email counts stay. */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.#byEmailAndIp.delete(pairKey(email, ip));
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
