import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { rateLimitRoutes } from './rate-limit-routes.ts';
import { usageLimitRoutes } from './usage-limit-routes.ts';
import { usageRoutes } from './usage-routes.ts';

/** Daily quotas and per-minute limits: the admin settings and each user's usage. */
export async function limitsRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  await usageLimitRoutes(app, ctx);
  await usageRoutes(app, ctx);
  await rateLimitRoutes(app, ctx);
}
