import type { UserRow } from '../storage/schema.ts';

/** The parts of a chat request that admission checks. */
export interface ChatRequestSummary {
  /** `model` as requested. */
  model: string;
  /** Entries of the OpenRouter `models` fallback list, if any. */
  fallbackModels: readonly string[];
  /** True when the body has `tools` (or `tool_choice`). */
  usesTools: boolean;
}

/** The catalogue's view of the model a request may use. */
export interface AdmittedModel {
  modelId: string;
  /** Null when the catalogue does not know it. */
  contextLength: number | null;
  supportsTools: boolean;
}

/** Per-minute limiter state, sent as RateLimit-* headers. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

/** One reserved unit of a user's daily quota for one model. */
export interface DailyReservation {
  /** Gives the unit back. Called only when the upstream returned an error status or was unreachable. */
  release(): Promise<void>;
  /** Adds the call's `usage.total_tokens` (estimated when usage never arrived). */
  addTokens(totalTokens: number): Promise<void>;
}

/**
 * The checks between validation and the upstream call, in the order of the
 * API contract: model (404/403), tools (400), then — after the stored-key
 * check — the per-minute limit (429) and the daily quota (429).
 * Each method throws the AppError that decides the response.
 */
export interface ChatAdmission {
  checkModel(user: UserRow, request: ChatRequestSummary): Promise<AdmittedModel>;
  /**
   * Drops the catalogue rows and user switches checkModel caches (up to 1 s);
   * call after changing a model or a user's switch.
   */
  forgetModels(): void;
  takeRateSlot(user: UserRow): Promise<RateLimitState>;
  reserveDaily(user: UserRow, modelId: string): Promise<DailyReservation>;
  /** Adds tokens without a request unit (title generation). */
  addInternalTokens(user: UserRow, modelId: string, totalTokens: number): Promise<void>;
  /** Marks a catalogue row unavailable after the upstream reported the model as withdrawn. */
  markWithdrawn(modelId: string, availabilityCode: string): Promise<void>;
}
