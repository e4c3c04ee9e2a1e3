/** Which requests a scenario applies to; unset fields match anything. */
export interface ScenarioMatch {
  path: string;
  model?: string;
  key?: string;
  stream?: boolean;
}

/** In-band error sent after some chunks of a stream. */
export interface ChunkError {
  n: number;
  error: { code: number | string; message: string; metadata?: Record<string, unknown> };
}

/** Tool call a scenario forces into the reply; `arguments` is the JSON string sent. */
export interface ForcedToolCall {
  name: string;
  arguments: string;
}

/** A validated scenario: how to answer the requests it matches. */
export interface Scenario {
  id: string;
  match: ScenarioMatch;
  /** Uses left; 0 means the scenario never runs out. */
  times: number;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayBeforeHeadersMs?: number;
  chunkDelayMs?: number;
  /** Bytes of each socket write that replaces the generated stream. */
  rawChunks?: Buffer[];
  errorAfterChunks?: ChunkError;
  cutAfterChunks?: number;
  hangAfterChunks?: number;
  toolCalls?: ForcedToolCall[];
  /** false omits usage; an object overrides fields of the computed usage. */
  usage?: false | Record<string, unknown>;
  legacy?: boolean;
}

/** Request facts a scenario is matched against. */
export interface MatchInput {
  path: string;
  model?: string;
  key?: string;
  stream: boolean;
}
