/** The fields of one upstream `/models` entry that the catalogue uses, checked. */
export interface UpstreamModel {
  id: string;
  name: string;
  description: string;
  contextLength: number | null;
  outputModalities: readonly string[];
  supportedParameters: readonly string[];
  pricingPrompt: string;
  pricingCompletion: string;
  /** Unix ms of the expiration date (00:00 UTC of that day), or null. */
  expiresAt: number | null;
}

type Json = Record<string, unknown>;

const DECIMAL = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads one `/models` entry; undefined when it is malformed (the sync skips and counts it). */
export function parseUpstreamModel(raw: unknown): UpstreamModel | undefined {
  if (!isObject(raw)) return undefined;
  const { id, name, pricing, architecture } = raw;
  if (typeof id !== 'string' || id.trim() === '' || id.length > 255) return undefined;
  if (!isObject(pricing) || !isObject(architecture)) return undefined;
  const prompt = pricing.prompt;
  const completion = pricing.completion;
  if (!isDecimal(prompt) || !isDecimal(completion)) return undefined;
  const outputModalities = stringList(architecture.output_modalities);
  const supportedParameters =
    raw.supported_parameters === undefined ? [] : stringList(raw.supported_parameters);
  const contextLength = readContextLength(raw.context_length);
  const expiresAt = readExpiration(raw.expiration_date);
  if (outputModalities === undefined || supportedParameters === undefined) return undefined;
  if (contextLength === false || expiresAt === false) return undefined;
  return {
    id,
    name: typeof name === 'string' && name !== '' ? name.slice(0, 255) : id,
    description: typeof raw.description === 'string' ? raw.description : '',
    contextLength,
    outputModalities,
    supportedParameters,
    pricingPrompt: prompt,
    pricingCompletion: completion,
    expiresAt,
  };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && DECIMAL.test(value);
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return undefined;
  return value;
}

/** Null when absent; false when present but not a whole number of tokens. */
function readContextLength(value: unknown): number | null | false {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return false;
  return value;
}

/** Null when absent; false when present but not a date. Dates without a time are UTC midnight. */
function readExpiration(value: unknown): number | null | false {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') return false;
  const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? false : ms;
}
