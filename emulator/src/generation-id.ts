import { randomFillSync } from 'node:crypto';

const ALPHABET = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
const SUFFIX_LENGTH = 20;

/**
 * Random bytes for generation ids, refilled in blocks because one randomFillSync call per
 * id cost about 7% of a completion's CPU time.
 */
class RandomPool {
  readonly #bytes = Buffer.alloc(SUFFIX_LENGTH * 256);
  #offset = this.#bytes.length;

  /** Returns the offset of SUFFIX_LENGTH fresh bytes in `bytes`. */
  take(): number {
    if (this.#offset + SUFFIX_LENGTH > this.#bytes.length) {
      randomFillSync(this.#bytes);
      this.#offset = 0;
    }
    const offset = this.#offset;
    this.#offset += SUFFIX_LENGTH;
    return offset;
  }

  get bytes(): Buffer {
    return this.#bytes;
  }
}

const pool = new RandomPool();

/** Makes a generation id `gen-<unix seconds>-<20 alphanumerics>`, the form OpenRouter sends. */
export function generationId(createdSeconds: number): string {
  const start = pool.take();
  const { bytes } = pool;
  // Maps each random byte to a letter or digit in place; the pool refills before reuse.
  for (let i = start; i < start + SUFFIX_LENGTH; i++) {
    bytes[i] = ALPHABET[(bytes[i] as number) % ALPHABET.length] as number;
  }
  return `gen-${createdSeconds}-${bytes.toString('latin1', start, start + SUFFIX_LENGTH)}`;
}
