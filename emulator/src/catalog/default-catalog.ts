import type { Model, ModelPricing } from './types.ts';

// The emulator's own catalogue, in the shape OpenRouter's /api/v1/models sends. Vendors
// and models are invented. The entries cover each case a catalogue sync has to sort out:
// X and X:free pairs, :free-only models, routers priced "-1", an alias, a :batch id, an
// expired free model, a zero-priced model without the suffix and an image-output model.

const TEXT_TOOLS = ['max_tokens', 'temperature', 'top_p', 'stop', 'seed', 'tools', 'tool_choice'];
const TEXT_ONLY = ['max_tokens', 'temperature', 'top_p', 'stop', 'seed'];
const FREE: ModelPricing = { prompt: '0', completion: '0' };

interface ModelSpec {
  id: string;
  slug: string;
  name: string;
  created: number;
  description: string;
  contextLength: number;
  maxCompletionTokens: number | null;
  pricing: ModelPricing;
  parameters: string[];
  modality?: [input: string[], output: string[]];
  tokenizer?: string;
  expirationDate?: string | null;
  aliasTarget?: { name: string; slug: string };
}

function buildModel(spec: ModelSpec): Model {
  const [input, output] = spec.modality ?? [['text'], ['text']];
  const model: Model = {
    id: spec.id,
    canonical_slug: spec.slug,
    hugging_face_id: null,
    name: spec.name,
    created: spec.created,
    description: spec.description,
    context_length: spec.contextLength,
    architecture: {
      modality: `${input.join('+')}->${output.join('+')}`,
      input_modalities: input,
      output_modalities: output,
      tokenizer: spec.tokenizer ?? 'Other',
      instruct_type: null,
    },
    pricing: spec.pricing,
    top_provider: {
      context_length: spec.contextLength,
      max_completion_tokens: spec.maxCompletionTokens,
      is_moderated: false,
    },
    per_request_limits: null,
    supported_parameters: spec.parameters,
    default_parameters: {},
    supported_voices: null,
    knowledge_cutoff: null,
    expiration_date: spec.expirationDate ?? null,
    links: { details: `/api/v1/models/${spec.slug}/endpoints` },
  };
  if (spec.aliasTarget) model.alias_target = spec.aliasTarget;
  return model;
}

const ATLAS = {
  slug: 'acme/atlas-8b-20260301',
  created: 1772323200,
  description: 'Atlas 8B is a small general-purpose chat model from Acme with tool calling.',
};

const ORBIT = {
  slug: 'example/orbit-70b-20260115',
  created: 1768435200,
  description: 'Orbit 70B is a large instruction-tuned model from Example Labs.',
};

const SPECS: ModelSpec[] = [
  {
    ...ATLAS,
    id: 'acme/atlas-8b:free',
    name: 'Acme: Atlas 8B (free)',
    contextLength: 32768,
    maxCompletionTokens: 8192,
    pricing: FREE,
    parameters: TEXT_TOOLS,
  },
  {
    ...ATLAS,
    id: 'acme/atlas-8b',
    name: 'Acme: Atlas 8B',
    contextLength: 131072,
    maxCompletionTokens: 16384,
    pricing: { prompt: '0.00000005', completion: '0.0000002', input_cache_read: '0.00000001' },
    parameters: TEXT_TOOLS,
  },
  {
    ...ATLAS,
    id: 'acme/atlas-8b:batch',
    name: 'Acme: Atlas 8B (batch)',
    contextLength: 131072,
    maxCompletionTokens: 16384,
    pricing: { prompt: '0.000000025', completion: '0.0000001' },
    parameters: TEXT_ONLY,
  },
  {
    id: '~acme/atlas-latest',
    slug: '~acme/atlas-latest',
    name: 'Acme: Atlas Latest',
    created: 1772323200,
    description: 'Always points at the newest Atlas model.',
    contextLength: 131072,
    maxCompletionTokens: 16384,
    pricing: { prompt: '0.00000005', completion: '0.0000002' },
    parameters: TEXT_TOOLS,
    aliasTarget: { name: 'Acme: Atlas 8B', slug: 'acme/atlas-8b' },
  },
  {
    id: 'acme/quill-3b:free',
    slug: 'acme/quill-3b-20251020',
    name: 'Acme: Quill 3B (free)',
    created: 1760918400,
    description: 'Quill 3B is a compact writing model without tool calling.',
    contextLength: 8192,
    maxCompletionTokens: 4096,
    pricing: FREE,
    parameters: TEXT_ONLY,
  },
  {
    ...ORBIT,
    id: 'example/orbit-70b:free',
    name: 'Example: Orbit 70B (free)',
    contextLength: 65536,
    maxCompletionTokens: 8192,
    pricing: FREE,
    parameters: TEXT_ONLY,
    expirationDate: '2099-12-31',
  },
  {
    ...ORBIT,
    id: 'example/orbit-70b',
    name: 'Example: Orbit 70B',
    contextLength: 131072,
    maxCompletionTokens: 32768,
    pricing: { prompt: '0.0000006', completion: '0.0000018' },
    parameters: TEXT_TOOLS,
  },
  {
    id: 'example/glimmer-2:free',
    slug: 'example/glimmer-2-20240901',
    name: 'Example: Glimmer 2 (free)',
    created: 1725148800,
    description: 'Glimmer 2 was a free preview that ended on 2025-01-01.',
    contextLength: 16384,
    maxCompletionTokens: 4096,
    pricing: FREE,
    parameters: TEXT_TOOLS,
    expirationDate: '2025-01-01',
  },
  {
    id: 'example/sponsor-mini',
    slug: 'example/sponsor-mini-20260510',
    name: 'Example: Sponsor Mini',
    created: 1778371200,
    description: 'A sponsored model priced at zero without the :free suffix.',
    contextLength: 32768,
    maxCompletionTokens: 4096,
    pricing: FREE,
    parameters: TEXT_TOOLS,
  },
  {
    id: 'example/verse-13b',
    slug: 'example/verse-13b-20250612',
    name: 'Example: Verse 13B',
    created: 1749686400,
    description: 'A paid model that does not support tool calling.',
    contextLength: 32768,
    maxCompletionTokens: 8192,
    pricing: { prompt: '0.0000002', completion: '0.0000004' },
    parameters: TEXT_ONLY,
  },
  {
    id: 'example/auto',
    slug: 'example/auto',
    name: 'Example: Auto Router',
    created: 1735689600,
    description: 'Routes each request to a model chosen for it; the price varies.',
    contextLength: 2000000,
    maxCompletionTokens: null,
    pricing: { prompt: '-1', completion: '-1' },
    parameters: TEXT_TOOLS,
    modality: [['text', 'image'], ['text']],
    tokenizer: 'Router',
  },
  {
    id: 'acme/switchboard',
    slug: 'acme/switchboard',
    name: 'Acme: Switchboard',
    created: 1767225600,
    description: 'Acme router across its own models; the price varies.',
    contextLength: 131072,
    maxCompletionTokens: null,
    pricing: { prompt: '-1', completion: '-1' },
    parameters: TEXT_ONLY,
    tokenizer: 'Router',
  },
  {
    id: 'example/canvas-1',
    slug: 'example/canvas-1-20260201',
    name: 'Example: Canvas 1',
    created: 1769904000,
    description: 'An image generation model: text in, image out.',
    contextLength: 4096,
    maxCompletionTokens: null,
    pricing: FREE,
    parameters: ['seed'],
    modality: [['text'], ['image']],
  },
];

/** Builds a fresh copy of the built-in catalogue, so callers may change it freely. */
export function buildDefaultCatalog(): Model[] {
  return SPECS.map(buildModel);
}
