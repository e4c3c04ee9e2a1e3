import { randomFillSync } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomBytes = Buffer.alloc(20);

/** Makes a generation id `gen-<unix seconds>-<20 alphanumerics>`, the form OpenRouter sends. */
export function generationId(createdSeconds: number): string {
  randomFillSync(randomBytes);
  let suffix = '';
  for (const byte of randomBytes) suffix += ALPHABET[byte % ALPHABET.length];
  return `gen-${createdSeconds}-${suffix}`;
}
