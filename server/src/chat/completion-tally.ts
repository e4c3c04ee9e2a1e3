/** Token counts and cost as the upstream reported them. */
export interface CompletionUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** USD, when the upstream sent `usage.cost`. */
  cost: number | null;
}

/** An error the upstream reported inside a 200 reply (in-band). */
export interface InBandError {
  message: string;
  /** `error.code` as sent: OpenRouter sends the HTTP-style number, sometimes a string. */
  code: number | string | undefined;
}

type JsonObject = Record<string, unknown>;

function objectOf(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Reads `usage` in the current form and the legacy one (which may lack `cost`). */
export function readUsage(value: unknown): CompletionUsage | undefined {
  const usage = objectOf(value);
  if (usage === undefined) return undefined;
  const promptTokens = count(usage.prompt_tokens);
  const completionTokens = count(usage.completion_tokens);
  const total = usage.total_tokens;
  return {
    promptTokens,
    completionTokens,
    totalTokens: typeof total === 'number' ? total : promptTokens + completionTokens,
    cost: typeof usage.cost === 'number' ? usage.cost : null,
  };
}

function readError(value: unknown): InBandError | undefined {
  const error = objectOf(value);
  if (error === undefined) return undefined;
  const code =
    typeof error.code === 'number' || typeof error.code === 'string' ? error.code : undefined;
  const message =
    typeof error.message === 'string' ? error.message : 'The upstream reported an error.';
  return { message, code };
}

/**
 * Collects what a chat completion said, from stream chunks or from one
 * non-streamed body: the model served, the reply text, the finish reason,
 * usage and any in-band error. Shared by every caller of the upstream.
 */
export class CompletionTally {
  model: string | undefined;
  finishReason: string | undefined;
  usage: CompletionUsage | undefined;
  error: InBandError | undefined;
  /** True when the last chunk added carried an error. */
  lastWasError = false;
  /** True once any chunk carried text or a tool-call fragment. */
  hasOutput = false;
  #text: string[] = [];

  /** The reply text so far (content deltas, then tool-call argument fragments). */
  get text(): string {
    return this.#text.join('');
  }

  /** Adds one parsed `chat.completion.chunk`. */
  addChunk(value: unknown): void {
    const chunk = objectOf(value);
    if (chunk === undefined) return;
    this.#readHead(chunk);
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    for (const choice of choices) this.#readChoice(objectOf(choice), 'delta');
  }

  /** Adds a whole non-streamed `chat.completion` body. */
  addCompletion(value: unknown): void {
    const body = objectOf(value);
    if (body === undefined) return;
    this.#readHead(body);
    const choices = Array.isArray(body.choices) ? body.choices : [];
    for (const choice of choices) this.#readChoice(objectOf(choice), 'message');
  }

  #readHead(chunk: JsonObject): void {
    if (typeof chunk.model === 'string') this.model = chunk.model;
    const usage = readUsage(chunk.usage);
    if (usage !== undefined) this.usage = usage;
    const error = readError(chunk.error);
    this.lastWasError = error !== undefined;
    if (error !== undefined) this.error = error;
  }

  #readChoice(choice: JsonObject | undefined, field: 'delta' | 'message'): void {
    if (choice === undefined) return;
    const reason = choice.finish_reason;
    if (typeof reason === 'string') this.finishReason = reason;
    const error = readError(choice.error);
    if (error !== undefined) {
      this.error = error;
      this.lastWasError = true;
    }
    if (reason === 'error' && this.error === undefined) {
      this.error = { message: 'The upstream reported an error.', code: undefined };
      this.lastWasError = true;
    }
    this.#readContent(objectOf(choice[field]));
  }

  #readContent(part: JsonObject | undefined): void {
    if (part === undefined) return;
    if (typeof part.content === 'string' && part.content !== '') {
      this.#text.push(part.content);
      this.hasOutput = true;
    }
    const calls = Array.isArray(part.tool_calls) ? part.tool_calls : [];
    for (const call of calls) {
      const fn = objectOf(objectOf(call)?.function);
      if (typeof fn?.name === 'string') this.hasOutput = true;
      if (typeof fn?.arguments === 'string' && fn.arguments !== '') {
        this.#text.push(fn.arguments);
        this.hasOutput = true;
      }
    }
  }
}
