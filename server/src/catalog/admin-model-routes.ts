import { Type } from 'typebox';
import { recordAudit } from '../admin/audit-log.ts';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { userOf } from '../http/authenticate.ts';
import { AppError } from '../http/errors.ts';
import type { CatalogSyncer } from './catalog-syncer.ts';
import { findModelByModelId, listModels } from './model-store.ts';
import { AdminModel, toAdminModel } from './model-views.ts';

const ToggleBody = Type.Object({
  modelId: Type.String({ minLength: 1, maxLength: 255 }),
  enabled: Type.Optional(Type.Boolean({ description: 'Omitted: flips the current value.' })),
});

const SyncResultSchema = Type.Object({
  total: Type.Integer(),
  added: Type.Integer(),
  updated: Type.Integer(),
  unavailable: Type.Integer(),
  skipped: Type.Integer(),
});

/** `/api/admin/models` and `/api/admin/sync-models`: the catalogue as the admin manages it. */
export async function adminModelRoutes(
  app: AppInstance,
  ctx: AppContext,
  syncer: CatalogSyncer,
): Promise<void> {
  app.get(
    '/api/admin/models',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['admin', 'models'],
        summary: 'Every catalogue row, usable or not',
        response: { 200: Type.Array(AdminModel) },
      },
    },
    async () => (await listModels(ctx.db)).map(toAdminModel),
  );

  app.put(
    '/api/admin/models/toggle',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['admin', 'models'],
        summary: 'Enable or disable a model for every user',
        body: ToggleBody,
        response: { 200: AdminModel },
      },
    },
    async (request) => {
      const admin = userOf(request);
      const row = await findModelByModelId(ctx.db, request.body.modelId);
      if (row === undefined) {
        throw new AppError(
          'model_not_found',
          `Model ${request.body.modelId} is not in the catalogue.`,
          {
            param: 'modelId',
          },
        );
      }
      const before = Number(row.enabled) === 1;
      const enabled = request.body.enabled ?? !before;
      const now = ctx.now();
      await ctx.db
        .updateTable('models')
        .set({ enabled: enabled ? 1 : 0, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      ctx.admission.forgetModels();
      await recordAudit(
        ctx.db,
        {
          actor: { id: admin.id, email: admin.email },
          action: 'model.toggle',
          targetType: 'model',
          targetId: row.model_id,
          before: { enabled: before },
          after: { enabled },
        },
        now,
      );
      return toAdminModel({ ...row, enabled: enabled ? 1 : 0, updated_at: now });
    },
  );

  app.post(
    '/api/admin/sync-models',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['admin', 'models'],
        summary: 'Sync the catalogue from the upstream now',
        response: { 200: SyncResultSchema },
      },
    },
    async (request) => {
      const admin = userOf(request);
      const result = await syncer.run({ id: admin.id, email: admin.email });
      request.log.info(result, 'model catalogue synced');
      return result;
    },
  );
}
