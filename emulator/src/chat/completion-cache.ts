import type { Model } from '../catalog/types.ts';
import type { BodyTemplate } from './body-template.ts';

/** A non-streamed reply that passed every body check, ready to send again. */
export interface CachedCompletion {
  model: Model;
  template: BodyTemplate;
  cost: number;
}

const MAX_ENTRIES = 512;
const MAX_BODY_CHARS = 16_384;

/**
 * Serialized replies by exact request body. A reply is a pure function of the body and the
 * fixed config, so a hit skips parsing and generation. That keeps the emulator near the
 * speed of a bare node:http server. Requests with a scenario never use the cache.
 */
export class CompletionCache {
  #entries = new Map<string, CachedCompletion>();

  get(bodyText: string): CachedCompletion | undefined {
    return this.#entries.get(bodyText);
  }

  set(bodyText: string, entry: CachedCompletion): void {
    if (bodyText.length > MAX_BODY_CHARS) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(bodyText, entry);
  }

  clear(): void {
    this.#entries.clear();
  }
}
