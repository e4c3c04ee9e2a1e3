import { type ErrorReply, errorReply } from './errors.ts';

const WINDOW_MS = 60_000;

interface Window {
  startedAt: number;
  count: number;
}

/** Per-key fixed one-minute windows on free models, like OpenRouter's free-models-per-min. */
export class FreeModelRateLimiter {
  readonly #limit: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  constructor(limit: number, now: () => number) {
    this.#limit = limit;
    this.#now = now;
  }

  /** Counts one request for the key; returns the 429 to send once the window is full. */
  hit(key: string): ErrorReply | undefined {
    const now = this.#now();
    let window = this.#windows.get(key);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      window = { startedAt: now, count: 0 };
      this.#windows.set(key, window);
    }
    if (window.count >= this.#limit) {
      return rateLimited(this.#limit, 0, window.startedAt + WINDOW_MS);
    }
    window.count += 1;
    return undefined;
  }

  clear(): void {
    this.#windows.clear();
  }
}

/** Builds OpenRouter's free-model 429, its X-RateLimit-* headers mirrored in metadata. */
export function rateLimited(limit: number, remaining: number, resetAtMs: number): ErrorReply {
  const headers = {
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': String(resetAtMs),
  };
  const reply = errorReply(429, 'Rate limit exceeded: free-models-per-min. ', {
    headers,
    provider_name: null,
  });
  return { ...reply, headers };
}
