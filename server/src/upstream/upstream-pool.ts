import { Pool } from 'undici';
import type { Config } from '../config/settings.ts';

/** The keep-alive connection pool to OPENROUTER_BASE_URL, and the path prefix of its API. */
export interface UpstreamPool {
  readonly pool: Pool;
  /** Path of the base URL, such as `/api/v1`, without a trailing slash. */
  readonly basePath: string;
  close(): Promise<void>;
}

// Enough sockets for many concurrent streams; undici opens them only on demand.
const MAX_CONNECTIONS = 4096;

/**
 * Creates the upstream pool. undici enforces the timeouts itself:
 * UPSTREAM_CONNECT_TIMEOUT_MS for the TCP/TLS connect, and UPSTREAM_IDLE_TIMEOUT_MS
 * both for the wait for response headers and for each silence inside the body.
 */
export function createUpstreamPool(config: Config): UpstreamPool {
  const base = new URL(config.upstreamBaseUrl);
  const pool = new Pool(base.origin, {
    connections: MAX_CONNECTIONS,
    connectTimeout: config.upstreamConnectTimeoutMs,
    headersTimeout: config.upstreamIdleTimeoutMs,
    bodyTimeout: config.upstreamIdleTimeoutMs,
    keepAliveTimeout: 30_000,
    pipelining: 1,
  });
  return {
    pool,
    basePath: base.pathname.replace(/\/+$/, ''),
    close: () => pool.close(),
  };
}
