import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeliveryPlan } from './chat/stream.ts';
import { type JsonBody, parseJsonBody } from './json-body.ts';
import type { Scenario } from './scenarios/types.ts';

/** One request to the emulated API after its body was read and a scenario picked. */
export interface ApiCall {
  request: IncomingMessage;
  response: ServerResponse;
  path: string;
  /** Query parameters; unset when the URL has none. */
  query?: URLSearchParams;
  bodyText: string;
  /** Parses the body on first use; a cached completion never needs it. */
  body(): JsonBody;
  scenario?: Scenario;
  plan: DeliveryPlan;
}

/** Returns a parser for the body text that runs JSON.parse at most once. */
export function lazyBody(text: string): () => JsonBody {
  let parsed: JsonBody | undefined;
  return () => {
    parsed ??= parseJsonBody(text);
    return parsed;
  };
}
