import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { auditRoutes } from './audit-routes.ts';
import { chatLogRoutes } from './chat-log-routes.ts';
import { scheduleRetention } from './retention.ts';
import { scheduleStatsRollup } from './stats-materialiser.ts';
import { statsRoutes } from './stats-routes.ts';
import { userRoutes } from './user-routes.ts';

/** The admin feature: stats, chat logs and export, users, audit, chat-log retention and the stats rollup. */
export async function adminRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  await statsRoutes(app, ctx);
  await chatLogRoutes(app, ctx);
  await userRoutes(app, ctx);
  await auditRoutes(app, ctx);
  scheduleRetention(ctx);
  scheduleStatsRollup(ctx);
}
