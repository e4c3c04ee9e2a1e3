import type { AddressInfo } from 'node:net';
import { loadCatalog } from './catalog/catalog.ts';
import { CompletionCache } from './chat/completion-cache.ts';
import type { EmulatorConfig, EmulatorContext } from './context.ts';
import { FreeModelRateLimiter } from './rate-limit.ts';
import { RequestLog } from './request-log.ts';
import { ScenarioStore } from './scenarios/store.ts';
import { createEmulatorServer } from './server.ts';

export {
  Catalog,
  isFreeModel,
  loadCatalog,
  outputsText,
  supportsTools,
} from './catalog/catalog.ts';
export { buildDefaultCatalog } from './catalog/default-catalog.ts';
export type {
  Model,
  ModelArchitecture,
  ModelList,
  ModelPricing,
  TopProvider,
} from './catalog/types.ts';
export type { RequestRecord } from './request-log.ts';

/** Options of `startEmulator`; each matches a CLI flag. */
export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Listen address, 127.0.0.1 by default. */
  host?: string;
  /** Catalogue file in the `/api/v1/models` shape; the built-in catalogue when unset. */
  catalogPath?: string;
  /** Accepted keys; when unset, any key starting with `sk-or-` is accepted. */
  keys?: string[];
  /** Requests per key per minute on free models; unset or 0 means no limit. */
  rpm?: number;
  /** Milliseconds between the start of a stream and its first token. Default 0. */
  firstTokenMs?: number;
  /** Milliseconds between stream chunks. Default 0. */
  chunkDelayMs?: number;
  /** Tokens in a full reply. Default 64. */
  replyTokens?: number;
  /** Clock in epoch milliseconds, for ids, `created` and rate windows. Default Date.now. */
  now?: () => number;
}

/** A listening emulator. */
export interface RunningEmulator {
  port: number;
  /** `http://HOST:PORT`. */
  origin: string;
  /** `origin + '/api/v1'`, the value for OPENROUTER_BASE_URL. */
  baseUrl: string;
  /** Stops listening and closes every open connection, hanging streams included. */
  close(): Promise<void>;
}

/** Starts an emulator of OpenRouter's HTTP API and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const context = createContext(resolveConfig(options));
  const server = createEmulatorServer(context);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { port, origin, baseUrl: `${origin}/api/v1`, close };
}

function resolveConfig(options: EmulatorOptions): EmulatorConfig {
  const config: EmulatorConfig = {
    catalog: loadCatalog(options.catalogPath),
    keys: options.keys ? new Set(options.keys) : null,
    rpm: options.rpm ?? 0,
    firstTokenMs: options.firstTokenMs ?? 0,
    chunkDelayMs: options.chunkDelayMs ?? 0,
    replyTokens: options.replyTokens ?? 64,
    now: options.now ?? Date.now,
  };
  for (const name of ['rpm', 'firstTokenMs', 'chunkDelayMs', 'replyTokens'] as const) {
    if (!Number.isInteger(config[name]) || config[name] < 0) {
      throw new RangeError(
        `Invalid emulator option ${name}: ${config[name]}; expected an integer >= 0.`,
      );
    }
  }
  return config;
}

function createContext(config: EmulatorConfig): EmulatorContext {
  return {
    config,
    scenarios: new ScenarioStore(),
    requests: new RequestLog(config.now),
    limiter: config.rpm > 0 ? new FreeModelRateLimiter(config.rpm, config.now) : undefined,
    completions: new CompletionCache(),
    defaultPlan: Object.freeze({
      headers: Object.freeze({}),
      firstTokenMs: config.firstTokenMs,
      chunkDelayMs: config.chunkDelayMs,
      onCut: () => undefined,
    }),
    spending: new Map(),
  };
}
