import { isIP } from 'node:net';
import { ConfigError } from './parse.ts';

/** What Fastify's `trustProxy` option receives: off, a hop count, or addresses and CIDRs. */
export type TrustProxy = false | number | string[];

/** Parses TRUST_PROXY; `true` is rejected because it would believe any client's X-Forwarded-For. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined || raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() === 'true') {
    throw new ConfigError(
      'TRUST_PROXY',
      'true would trust X-Forwarded-For from any client',
      'Give a hop count or the proxy addresses, e.g. 127.0.0.1 or 10.0.0.0/8.',
    );
  }
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    const [address, bits] = value.split('/');
    const family = isIP(address ?? '');
    const maxBits = family === 6 ? 128 : 32;
    const bitsValid = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits);
    if (family === 0 || !bitsValid) {
      throw new ConfigError(
        'TRUST_PROXY',
        `"${value}" is not an address or CIDR`,
        'Use false, a hop count, or a comma list such as 127.0.0.1,10.0.0.0/8.',
      );
    }
    return value;
  });
}

/**
 * Turns TRUST_PROXY into Fastify's `trustProxy` option. Fastify 5.12 ignores
 * a bare hop count (it trusts no X-Forwarded-For at all), so a count becomes
 * a trust function: the socket peer and the next `hops - 1` addresses are
 * proxies, and the address after them is the client.
 */
export function fastifyTrustProxy(
  value: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value !== 'number') return value;
  const hops = value;
  return (_address, hop) => hop < hops;
}
