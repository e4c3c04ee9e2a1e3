import type { KeyPolicy } from './auth.ts';
import type { Catalog } from './catalog/catalog.ts';
import type { CompletionCache } from './chat/completion-cache.ts';
import type { DeliveryPlan } from './chat/stream.ts';
import type { FreeModelRateLimiter } from './rate-limit.ts';
import type { RequestLog } from './request-log.ts';
import type { ScenarioStore } from './scenarios/store.ts';

/** Settings of a running emulator, fixed at start. */
export interface EmulatorConfig {
  catalog: Catalog;
  keys: KeyPolicy;
  /** Requests per key per minute on free models; 0 turns the limit off. */
  rpm: number;
  firstTokenMs: number;
  chunkDelayMs: number;
  replyTokens: number;
  now: () => number;
}

/** Config plus the state that the control API reads and resets. */
export interface EmulatorContext {
  config: EmulatorConfig;
  scenarios: ScenarioStore;
  requests: RequestLog;
  limiter: FreeModelRateLimiter | undefined;
  completions: CompletionCache;
  /** Plan of every request without a scenario, shared because it never changes. */
  defaultPlan: Readonly<DeliveryPlan>;
  /** USD spent per key, reported by `GET /api/v1/key`. */
  spending: Map<string, number>;
}
