import { createRequire } from 'node:module';

const requireModule = createRequire(import.meta.url);

/**
 * Loads a CommonJS dependency on first use. The PostgreSQL, MySQL and Redis
 * clients cost about 30 MB of memory together, so a gateway loads only the
 * ones its settings name.
 */
export function loadOptionalModule<T>(name: 'pg' | 'mysql2' | 'ioredis'): T {
  return requireModule(name) as T;
}
