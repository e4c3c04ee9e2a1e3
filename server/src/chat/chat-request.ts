import type { Config } from '../config/settings.ts';
import { validationError } from '../http/errors.ts';
import type { ChatRequestSummary } from './admission.ts';
import { validateMessages } from './validate-messages.ts';

/** A chat-completions body that passed validation, ready to send upstream. */
export interface ChatRequest {
  /** The body as sent upstream: every field as given, minus `route`. */
  body: Record<string, unknown>;
  summary: ChatRequestSummary;
  stream: boolean;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates an OpenAI chat-completions request. Unknown fields pass through;
 * `route` (deprecated by OpenRouter) is dropped; OpenRouter's server-side
 * tools and plugins, which can cost money, need ALLOW_PAID_MODELS.
 */
export function validateChatRequest(
  raw: unknown,
  config: Pick<Config, 'allowPaidModels'>,
): ChatRequest {
  if (!isObject(raw)) throw validationError('body', 'The body must be a JSON object.');
  const { route: _dropped, ...body } = raw;
  if (typeof body.model !== 'string' || body.model.trim() === '') {
    throw validationError('model', 'model is required: a model id such as vendor/model:free.');
  }
  validateMessages(body.messages);
  if (body.stream !== undefined && typeof body.stream !== 'boolean') {
    throw validationError('stream', 'stream must be a boolean.');
  }
  const fallbackModels = readFallbackModels(body.models);
  validateTools(body.tools, config.allowPaidModels);
  if (!config.allowPaidModels) rejectPaidFeatures(body);
  return {
    body,
    stream: body.stream === true,
    summary: {
      model: body.model,
      fallbackModels,
      usesTools: body.tools !== undefined || body.tool_choice !== undefined,
    },
  };
}

function readFallbackModels(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw validationError('models', 'models must be an array of model ids.');
  value.forEach((entry, index) => {
    if (typeof entry !== 'string' || entry === '') {
      throw validationError(`models.${index}`, `models.${index} must be a model id.`);
    }
  });
  return value as string[];
}

function validateTools(value: unknown, allowPaid: boolean): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw validationError('tools', 'tools must be an array.');
  value.forEach((tool, index) => {
    const path = `tools.${index}`;
    if (!isObject(tool) || typeof tool.type !== 'string') {
      throw validationError(`${path}.type`, `${path} must be an object with a string type.`);
    }
    if (tool.type !== 'function' && !allowPaid) {
      throw validationError(
        `${path}.type`,
        `${path}.type "${tool.type}" is an OpenRouter server tool; this gateway allows only "function" tools unless ALLOW_PAID_MODELS=true.`,
      );
    }
  });
}

function rejectPaidFeatures(body: JsonObject): void {
  for (const field of ['plugins', 'web_search_options'] as const) {
    if (body[field] !== undefined) {
      throw validationError(
        field,
        `${field} can incur upstream charges; this gateway accepts it only with ALLOW_PAID_MODELS=true.`,
      );
    }
  }
}
