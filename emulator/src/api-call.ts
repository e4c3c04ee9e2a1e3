import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeliveryPlan } from './chat/stream.ts';
import type { Scenario } from './scenarios/types.ts';

/** One request to the emulated API after its body was read and a scenario picked. */
export interface ApiCall {
  request: IncomingMessage;
  response: ServerResponse;
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body; null when the body was empty. */
  body: unknown;
  /** Set when the body was not valid JSON. */
  parseError?: string;
  scenario?: Scenario;
  plan: DeliveryPlan;
}
