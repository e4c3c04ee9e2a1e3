import { type ErrorReply, invalidBody, tooManyModels } from '../errors.ts';

/** JSON Schema subset the tool-argument builder reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** Chat message as a client sends it. */
export interface ChatMessage {
  role: string;
  content?: unknown;
  tool_calls?: unknown;
  tool_call_id?: string;
  name?: string;
}

/** Function tool offered to the model. */
export interface ToolDefinition {
  type: string;
  function?: { name: string; description?: string; parameters?: JsonSchema };
}

/** The fields of a chat-completions body that shape the reply. */
export interface ChatRequest {
  model?: string;
  models: string[];
  messages: ChatMessage[];
  stream: boolean;
  maxTokens?: number;
  /** Function tools offered; entries of other types are left out. */
  tools: ToolDefinition[];
  /** True when the body has a non-empty `tools` array of any type. */
  toolsRequested: boolean;
  toolChoice?: unknown;
}

type Parsed = { ok: true; request: ChatRequest } | { ok: false; error: ErrorReply };

/** Checks a parsed body as OpenRouter does: `messages` is required, `models` has at most 3 ids. */
export function parseChatRequest(body: unknown): Parsed {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail('Invalid request body: expected a JSON object.');
  }
  const fields = body as Record<string, unknown>;
  const problem = findProblem(fields);
  if (problem) return { ok: false, error: problem };
  return { ok: true, request: toChatRequest(fields) };
}

function findProblem(fields: Record<string, unknown>): ErrorReply | undefined {
  const { model, models, messages } = fields;
  if (model !== undefined && typeof model !== 'string') {
    return invalidBody('Invalid "model": expected a string.');
  }
  if (models !== undefined && !isStringArray(models)) {
    return invalidBody('Invalid "models": expected an array of model IDs.');
  }
  if (Array.isArray(models) && models.length > 3) return tooManyModels();
  if (!Array.isArray(messages) || messages.length === 0) {
    return invalidBody('Invalid "messages": expected a non-empty array of messages.');
  }
  const badMessage = messages.findIndex((message) => !isMessage(message));
  if (badMessage >= 0) {
    return invalidBody(
      `Invalid "messages[${badMessage}]": expected an object with a string "role".`,
    );
  }
  return findOptionProblem(fields);
}

function findOptionProblem(fields: Record<string, unknown>): ErrorReply | undefined {
  if (fields.stream !== undefined && typeof fields.stream !== 'boolean') {
    return invalidBody('Invalid "stream": expected a boolean.');
  }
  for (const name of ['max_tokens', 'max_completion_tokens']) {
    const value = fields[name];
    if (
      value !== undefined &&
      value !== null &&
      !(Number.isInteger(value) && (value as number) > 0)
    ) {
      return invalidBody(`Invalid "${name}": expected a positive integer.`);
    }
  }
  if (fields.tools !== undefined && !Array.isArray(fields.tools)) {
    return invalidBody('Invalid "tools": expected an array.');
  }
  return undefined;
}

function toChatRequest(fields: Record<string, unknown>): ChatRequest {
  const request: ChatRequest = {
    models: (fields.models as string[] | undefined) ?? [],
    messages: fields.messages as ChatMessage[],
    stream: fields.stream === true,
    tools: ((fields.tools as unknown[] | undefined) ?? []).filter(isFunctionTool),
    toolsRequested: Array.isArray(fields.tools) && fields.tools.length > 0,
    toolChoice: fields.tool_choice,
  };
  if (typeof fields.model === 'string') request.model = fields.model;
  const maxTokens = fields.max_completion_tokens ?? fields.max_tokens;
  if (typeof maxTokens === 'number') request.maxTokens = maxTokens;
  return request;
}

function isFunctionTool(tool: unknown): tool is ToolDefinition {
  const candidate = tool as ToolDefinition | null;
  return candidate?.type === 'function' && typeof candidate.function?.name === 'string';
}

function isMessage(message: unknown): message is ChatMessage {
  return typeof (message as ChatMessage | null)?.role === 'string';
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function fail(message: string): Parsed {
  return { ok: false, error: invalidBody(message) };
}
