import { createHash, randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const GATEWAY_KEY_PREFIX = 'pcl_';

/** Encodes bytes as base62 (big-endian), so the key is URL- and shell-safe. */
function toBase62(bytes: Buffer): string {
  let value = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (value > 0n) {
    out = BASE62[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out.padStart(43, '0');
}

/** A new gateway API key: `pcl_` and 32 random bytes in base62. */
export function generateGatewayKey(): string {
  return GATEWAY_KEY_PREFIX + toBase62(randomBytes(32));
}

/** SHA-256 of the whole key, hex: the only form stored. */
export function hashGatewayKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The part of a key shown in lists. */
export function displayPrefix(key: string): string {
  return key.slice(0, GATEWAY_KEY_PREFIX.length + 6);
}

export function looksLikeGatewayKey(token: string): boolean {
  return token.startsWith(GATEWAY_KEY_PREFIX);
}
