import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { userOf } from '../http/authenticate.ts';
import { AppError } from '../http/errors.ts';
import { listUsableModels } from './model-store.ts';
import { OpenAiModel, OpenAiModelList, toOpenAiModel } from './model-views.ts';

const MODEL_PATH_PREFIX = '/v1/models/';

/** `GET /api/chat/models`, `GET /v1/models` and `GET /v1/models/{id}`: the models the caller may use. */
export async function modelListRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  const listSchema = {
    tags: ['models'],
    summary: 'The models you may use, as an OpenAI model list',
    response: { 200: OpenAiModelList },
  };
  const list = async (userId: number) => ({
    object: 'list' as const,
    data: (await listUsableModels(ctx.db, userId)).map(toOpenAiModel),
  });
  app.get('/api/chat/models', { schema: listSchema }, (request) => list(userOf(request).id));
  app.get('/v1/models', { schema: listSchema }, (request) => list(userOf(request).id));

  // Model ids contain slashes, so the id is the rest of the path, decoded exactly once.
  app.get(
    '/v1/models/*',
    {
      schema: {
        tags: ['models'],
        summary: 'One model you may use; the id may be percent-encoded',
        response: { 200: OpenAiModel },
      },
    },
    async (request) => {
      const modelId = modelIdFromPath(request.url);
      const usable = await listUsableModels(ctx.db, userOf(request).id);
      const row = usable.find((candidate) => candidate.model_id === modelId);
      if (row === undefined) throw modelNotFound(modelId ?? '');
      return toOpenAiModel(row);
    },
  );
}

function modelIdFromPath(url: string): string | undefined {
  const path = url.split('?', 1)[0] ?? '';
  const raw = path.startsWith(MODEL_PATH_PREFIX) ? path.slice(MODEL_PATH_PREFIX.length) : '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function modelNotFound(modelId: string): AppError {
  return new AppError('model_not_found', `Model ${modelId} is not available to you.`);
}
