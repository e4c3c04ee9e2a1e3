import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { adminModelRoutes } from './admin-model-routes.ts';
import { CatalogSyncer } from './catalog-syncer.ts';
import { modelListRoutes } from './model-list-routes.ts';
import { userModelRoutes } from './user-model-routes.ts';

/** The model catalogue: its sync schedule, the admin and user routes, and the model lists. */
export async function catalogRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  const syncer = new CatalogSyncer(ctx);
  syncer.schedule();
  await adminModelRoutes(app, ctx, syncer);
  await userModelRoutes(app, ctx);
  await modelListRoutes(app, ctx);
}
