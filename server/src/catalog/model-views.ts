import { Type } from 'typebox';
import type { ModelRow } from '../storage/schema.ts';

export const AdminModel = Type.Object({
  id: Type.Integer(),
  modelId: Type.String(),
  name: Type.String(),
  description: Type.String(),
  contextLength: Type.Union([Type.Integer(), Type.Null()]),
  supportsTools: Type.Boolean(),
  free: Type.Boolean(),
  pricing: Type.Object({ prompt: Type.String(), completion: Type.String() }),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  enabled: Type.Boolean(),
  available: Type.Boolean(),
});

export const OpenAiModel = Type.Object({
  id: Type.String(),
  object: Type.Literal('model'),
  created: Type.Integer(),
  owned_by: Type.String(),
});

export const OpenAiModelList = Type.Object({
  object: Type.Literal('list'),
  data: Type.Array(OpenAiModel),
});

export type AdminModelView = Type.Static<typeof AdminModel>;
export type OpenAiModelView = Type.Static<typeof OpenAiModel>;

export function toAdminModel(row: ModelRow): AdminModelView {
  return {
    id: Number(row.id),
    modelId: row.model_id,
    name: row.name,
    description: row.description,
    contextLength: row.context_length === null ? null : Number(row.context_length),
    supportsTools: Number(row.supports_tools) === 1,
    free: Number(row.free) === 1,
    pricing: { prompt: row.pricing_prompt, completion: row.pricing_completion },
    expiresAt: row.expires_at === null ? null : new Date(Number(row.expires_at)).toISOString(),
    enabled: Number(row.enabled) === 1,
    available: Number(row.available) === 1,
  };
}

/** The OpenAI model object; `created` is when the row entered this catalogue, in Unix seconds. */
export function toOpenAiModel(row: ModelRow): OpenAiModelView {
  const slash = row.model_id.indexOf('/');
  return {
    id: row.model_id,
    object: 'model',
    created: Math.floor(Number(row.created_at) / 1000),
    owned_by: slash > 0 ? row.model_id.slice(0, slash) : 'openrouter',
  };
}
