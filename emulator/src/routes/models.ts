import type { ApiCall } from '../api-call.ts';
import type { Model, ModelList } from '../catalog/types.ts';
import type { EmulatorContext } from '../context.ts';
import { errorReply } from '../errors.ts';
import { sendError, sendJson, sleep } from '../http-io.ts';

/**
 * Serves `GET /api/v1/models`, with or without a key. Filters `supported_parameters` and
 * `output_modalities` and pages with `offset` and `limit` when the query asks.
 */
export async function handleModelList(context: EmulatorContext, call: ApiCall): Promise<void> {
  const query = call.query ?? new URLSearchParams();
  const models = filterModels(context.config.catalog.models, query);
  const page = paginate(models, query);
  await sleep(call.scenario?.delayBeforeHeadersMs ?? 0);
  sendJson(call.response, 200, page, call.plan.headers);
}

/** Serves `GET /api/v1/model/{author}/{slug}` with `{data: Model}`, or 404. */
export async function handleModelLookup(context: EmulatorContext, call: ApiCall): Promise<void> {
  const id = decodeId(call.path.slice('/api/v1/model/'.length));
  const model = id === undefined ? undefined : context.config.catalog.find(id);
  await sleep(call.scenario?.delayBeforeHeadersMs ?? 0);
  if (!model)
    return sendError(call.response, errorReply(404, `Model ${id ?? call.path} not found`));
  sendJson(call.response, 200, { data: model }, call.plan.headers);
}

// NOTE: OpenRouter hides models without text output unless `output_modalities` is given.
// The emulator lists every entry by default, so a catalogue sync meets non-text models too.
function filterModels(models: readonly Model[], query: URLSearchParams): readonly Model[] {
  const parameters = splitList(query.get('supported_parameters'));
  const outputs = splitList(query.get('output_modalities'));
  if (parameters.length === 0 && (outputs.length === 0 || outputs.includes('all'))) return models;
  return models.filter(
    (model) =>
      parameters.every((name) => model.supported_parameters?.includes(name)) &&
      (outputs.length === 0 ||
        outputs.includes('all') ||
        outputs.some((kind) => model.architecture?.output_modalities?.includes(kind))),
  );
}

function paginate(models: readonly Model[], query: URLSearchParams): ModelList {
  const offset = Math.max(0, Number.parseInt(query.get('offset') ?? '0', 10) || 0);
  const limitText = query.get('limit');
  if (!limitText && offset === 0)
    return { data: [...models], total_count: models.length, links: { next: null } };
  const limit = Math.min(1000, Math.max(1, Number.parseInt(limitText ?? '500', 10) || 500));
  const end = offset + limit;
  const next = end < models.length ? `/api/v1/models?offset=${end}&limit=${limit}` : null;
  return { data: models.slice(offset, end), total_count: models.length, links: { next } };
}

function splitList(value: string | null): string[] {
  return value
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : [];
}

function decodeId(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}
