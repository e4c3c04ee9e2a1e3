import { Type } from 'typebox';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { userOf } from '../http/authenticate.ts';
import { AppError } from '../http/errors.ts';
import {
  findUserModel,
  listUserModels,
  setUserModelEnabled,
  type UserModel,
} from './user-preferences.ts';

const UserModelSchema = Type.Object({
  id: Type.Integer(),
  modelId: Type.String(),
  name: Type.String(),
  contextLength: Type.Union([Type.Integer(), Type.Null()]),
  supportsTools: Type.Boolean(),
  enabled: Type.Boolean({
    description: 'Your own switch; false hides the model from your requests.',
  }),
});

const StatusSchema = Type.Object({
  id: Type.Integer(),
  modelId: Type.String(),
  enabled: Type.Boolean(),
});
const ModelParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
// An empty body (or none) flips the switch, so the schema also accepts a missing body.
const ToggleBody = Type.Union([
  Type.Object({
    enabled: Type.Optional(Type.Boolean({ description: 'Omitted: flips the current value.' })),
  }),
  Type.Null(),
]);

function toView(model: UserModel) {
  const { row } = model;
  return {
    id: Number(row.id),
    modelId: row.model_id,
    name: row.name,
    contextLength: row.context_length === null ? null : Number(row.context_length),
    supportsTools: Number(row.supports_tools) === 1,
    enabled: model.enabled,
  };
}

async function requireUserModel(ctx: AppContext, userId: number, id: number): Promise<UserModel> {
  const model = await findUserModel(ctx.db, userId, id);
  if (model === undefined)
    throw new AppError('model_not_found', `Model ${id} is not enabled on this gateway.`);
  return model;
}

/** `/api/user/models`: each user's own switch over the models the admin enabled. */
export async function userModelRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/api/user/models',
    {
      schema: {
        tags: ['models'],
        summary: 'The models the admin enabled, with your switch',
        response: { 200: Type.Array(UserModelSchema) },
      },
    },
    async (request) => (await listUserModels(ctx.db, userOf(request).id)).map(toView),
  );

  app.put(
    '/api/user/models/:id/toggle',
    {
      schema: {
        tags: ['models'],
        summary: 'Switch a model on or off for yourself',
        params: ModelParams,
        body: ToggleBody,
        response: { 200: UserModelSchema },
      },
    },
    async (request) => {
      const user = userOf(request);
      const model = await requireUserModel(ctx, user.id, request.params.id);
      const enabled = request.body?.enabled ?? !model.enabled;
      await setUserModelEnabled(ctx.db, user.id, Number(model.row.id), enabled, ctx.now());
      ctx.admission.forgetModels();
      return toView({ ...model, enabled });
    },
  );

  app.get(
    '/api/user/models/:id/status',
    {
      schema: {
        tags: ['models'],
        summary: 'Your switch for one model',
        params: ModelParams,
        response: { 200: StatusSchema },
      },
    },
    async (request) => {
      const model = await requireUserModel(ctx, userOf(request).id, request.params.id);
      return { id: Number(model.row.id), modelId: model.row.model_id, enabled: model.enabled };
    },
  );
}
