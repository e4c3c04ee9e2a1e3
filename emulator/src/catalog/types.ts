/** Model object as `GET /api/v1/models` returns it; prices are decimal strings in USD. */
export interface Model {
  id: string;
  canonical_slug: string;
  hugging_face_id?: string | null;
  name: string;
  created: number;
  description?: string;
  context_length: number | null;
  architecture: ModelArchitecture;
  pricing: ModelPricing;
  top_provider: TopProvider;
  per_request_limits: { prompt_tokens: number; completion_tokens: number } | null;
  supported_parameters: string[];
  default_parameters: Record<string, unknown>;
  supported_voices: string[] | null;
  knowledge_cutoff?: string | null;
  expiration_date?: string | null;
  links: { details: string };
  reasoning?: Record<string, unknown>;
  alias_target?: { name: string; slug: string };
  [extra: string]: unknown;
}

/** Input and output modalities of a model. */
export interface ModelArchitecture {
  modality: string;
  input_modalities: string[];
  output_modalities: string[];
  tokenizer: string;
  instruct_type: string | null;
}

/** Prices per token (prompt, completion) or per unit; "-1" marks a variable (router) price. */
export interface ModelPricing {
  prompt: string;
  completion: string;
  [unit: string]: unknown;
}

/** Limits of the provider that serves a model by default. */
export interface TopProvider {
  context_length: number | null;
  max_completion_tokens: number | null;
  is_moderated: boolean;
}

/** Body of `GET /api/v1/models`. */
export interface ModelList {
  data: Model[];
  total_count: number;
  links: { next: string | null };
}
