import type { ChunkError, ForcedToolCall, Scenario, ScenarioMatch } from './types.ts';

/** Scenario fields with their values checked, ready for the store. */
export type ScenarioInput = Omit<Scenario, 'id'>;

/** Validation error whose message names the offending field. */
export class ScenarioError extends Error {}

type Json = Record<string, unknown>;

const FIELDS = new Set([
  'match',
  'times',
  'status',
  'headers',
  'body',
  'delayBeforeHeadersMs',
  'chunkDelayMs',
  'rawChunks',
  'errorAfterChunks',
  'cutAfterChunks',
  'hangAfterChunks',
  'toolCalls',
  'usage',
  'legacy',
]);

const MATCH_FIELDS = new Set(['path', 'model', 'key', 'stream']);

/** Validates a `POST /__emulator/scenarios` body; throws ScenarioError naming the bad field. */
export function parseScenario(value: unknown): ScenarioInput {
  const body = requireObject(value, 'body');
  rejectUnknown(body, FIELDS, '');
  const scenario: ScenarioInput = { match: parseMatch(body.match), times: 1 };
  if (body.times !== undefined) scenario.times = count(body.times, 'times');
  if (body.status !== undefined) scenario.status = status(body.status);
  if (body.headers !== undefined) scenario.headers = headers(body.headers);
  if (body.body !== undefined) scenario.body = body.body;
  Object.assign(scenario, parseTiming(body), parseStreamShape(body));
  rejectConflicts(scenario);
  return scenario;
}

// Raw chunks are the whole reply, so fields that shape a generated reply cannot apply.
function rejectConflicts(scenario: ScenarioInput): void {
  if (!scenario.rawChunks) return;
  for (const field of ['body', 'errorAfterChunks', 'toolCalls', 'usage'] as const) {
    if (scenario[field] !== undefined) {
      throw new ScenarioError(
        `${field} cannot be combined with rawChunks; put those bytes in rawChunks.`,
      );
    }
  }
}

function parseTiming(body: Json): Partial<ScenarioInput> {
  const timing: Partial<ScenarioInput> = {};
  if (body.delayBeforeHeadersMs !== undefined) {
    timing.delayBeforeHeadersMs = count(body.delayBeforeHeadersMs, 'delayBeforeHeadersMs');
  }
  if (body.chunkDelayMs !== undefined)
    timing.chunkDelayMs = count(body.chunkDelayMs, 'chunkDelayMs');
  return timing;
}

function parseStreamShape(body: Json): Partial<ScenarioInput> {
  const shape: Partial<ScenarioInput> = {};
  if (body.rawChunks !== undefined) shape.rawChunks = rawChunks(body.rawChunks);
  if (body.errorAfterChunks !== undefined)
    shape.errorAfterChunks = chunkError(body.errorAfterChunks);
  if (body.cutAfterChunks !== undefined) {
    shape.cutAfterChunks = count(body.cutAfterChunks, 'cutAfterChunks');
  }
  if (body.hangAfterChunks !== undefined) {
    shape.hangAfterChunks = count(body.hangAfterChunks, 'hangAfterChunks');
  }
  if (body.toolCalls !== undefined) shape.toolCalls = toolCalls(body.toolCalls);
  if (body.usage !== undefined) shape.usage = usage(body.usage);
  if (body.legacy !== undefined) shape.legacy = boolean(body.legacy, 'legacy');
  return shape;
}

function parseMatch(value: unknown): ScenarioMatch {
  const match = requireObject(value ?? {}, 'match');
  rejectUnknown(match, MATCH_FIELDS, 'match.');
  const path =
    match.path === undefined ? '/api/v1/chat/completions' : string(match.path, 'match.path');
  if (!path.startsWith('/')) throw new ScenarioError('match.path must start with "/".');
  const parsed: ScenarioMatch = { path };
  if (match.model !== undefined) parsed.model = string(match.model, 'match.model');
  if (match.key !== undefined) parsed.key = string(match.key, 'match.key');
  if (match.stream !== undefined) parsed.stream = boolean(match.stream, 'match.stream');
  return parsed;
}

function rawChunks(value: unknown): Buffer[] {
  if (!Array.isArray(value)) throw new ScenarioError('rawChunks must be an array.');
  return value.map((chunk: unknown, index) => {
    if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
    const field = `rawChunks[${index}]`;
    const object = requireObject(chunk, field);
    rejectUnknown(object, new Set(['base64']), `${field}.`);
    return Buffer.from(string(object.base64, `${field}.base64`), 'base64');
  });
}

function chunkError(value: unknown): ChunkError {
  const object = requireObject(value, 'errorAfterChunks');
  rejectUnknown(object, new Set(['n', 'error']), 'errorAfterChunks.');
  const error = requireObject(object.error, 'errorAfterChunks.error');
  const code = error.code ?? 502;
  if (typeof code !== 'number' && typeof code !== 'string') {
    throw new ScenarioError('errorAfterChunks.error.code must be a number or a string.');
  }
  const parsed: ChunkError = {
    n: count(object.n, 'errorAfterChunks.n'),
    error: { code, message: string(error.message, 'errorAfterChunks.error.message') },
  };
  if (error.metadata !== undefined) {
    parsed.error.metadata = requireObject(error.metadata, 'errorAfterChunks.error.metadata');
  }
  return parsed;
}

function toolCalls(value: unknown): ForcedToolCall[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ScenarioError('toolCalls must be a non-empty array.');
  }
  return value.map((call: unknown, index) => {
    const field = `toolCalls[${index}]`;
    const object = requireObject(call, field);
    rejectUnknown(object, new Set(['name', 'arguments']), `${field}.`);
    const args = object.arguments ?? {};
    return {
      name: string(object.name, `${field}.name`),
      arguments: typeof args === 'string' ? args : JSON.stringify(args),
    };
  });
}

function usage(value: unknown): false | Record<string, unknown> {
  if (value === false) return false;
  if (value === true) throw new ScenarioError('usage must be false or an object.');
  return requireObject(value, 'usage');
}

function headers(value: unknown): Record<string, string> {
  const object = requireObject(value, 'headers');
  const parsed: Record<string, string> = {};
  for (const [name, header] of Object.entries(object)) {
    if (typeof header !== 'string') throw new ScenarioError(`headers.${name} must be a string.`);
    parsed[name] = header;
  }
  return parsed;
}

function status(value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 200 || (value as number) > 599) {
    throw new ScenarioError('status must be an integer from 200 to 599.');
  }
  return value as number;
}

function count(value: unknown, field: string): number {
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw new ScenarioError(`${field} must be a non-negative integer.`);
  }
  return value as number;
}

function string(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new ScenarioError(`${field} must be a string.`);
  return value;
}

function boolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new ScenarioError(`${field} must be a boolean.`);
  return value;
}

function requireObject(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScenarioError(`${field} must be a JSON object.`);
  }
  return value as Json;
}

function rejectUnknown(object: Json, allowed: Set<string>, prefix: string): void {
  for (const name of Object.keys(object)) {
    if (!allowed.has(name))
      throw new ScenarioError(`${prefix}${name} is not a known scenario field.`);
  }
}
