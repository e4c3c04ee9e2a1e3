import type { RouteOptions } from 'fastify';
import type { AccessRule } from '../auth/principal.ts';
import './fastify-types.ts';

/** One registered route, as the authorization matrix test enumerates them. */
export interface RegisteredRoute {
  method: string;
  url: string;
  auth: AccessRule;
}

/** Collects every route at registration, so tests can require an entry for each. */
export class RouteRegistry {
  readonly #options: RouteOptions[] = [];

  readonly onRoute = (options: RouteOptions): void => {
    this.#options.push(options);
  };

  /** Read after start-up: plugins' own onRoute hooks may still adjust `config` while registering. */
  get routes(): RegisteredRoute[] {
    return this.#options.flatMap((options) => {
      const methods = Array.isArray(options.method) ? options.method : [options.method];
      return methods
        .filter((method) => method !== 'HEAD')
        .map((method) => ({ method, url: options.url, auth: options.config?.auth ?? 'user' }));
    });
  }
}

/** onRoute hook for plugin routes that serve public files (the UI, the API docs). */
export function markPublic(options: RouteOptions): void {
  options.config = { ...options.config, auth: 'public' };
}
