/** The parts of an OpenRouter error body that the gateway uses. */
export interface UpstreamErrorBody {
  message: string | undefined;
  /** `error.code` as a number, when the upstream gave one (it may also send a string). */
  code: number | undefined;
  /** `error.availability.code`, such as `model_deprecated`. */
  availabilityCode: string | undefined;
  /** `X-RateLimit-Reset` mirrored in `error.metadata.headers`, epoch milliseconds. */
  rateLimitResetMs: number | undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function numberOf(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** Reads `{"error":{message, code, availability, metadata}}` from a parsed body. */
export function readErrorObject(body: unknown): UpstreamErrorBody | undefined {
  const error = record(record(body)?.error);
  if (error === undefined) return undefined;
  const availability = record(error.availability);
  const headers = record(record(error.metadata)?.headers);
  return {
    message: typeof error.message === 'string' ? error.message : undefined,
    code: numberOf(error.code),
    availabilityCode: typeof availability?.code === 'string' ? availability.code : undefined,
    rateLimitResetMs: numberOf(headers?.['X-RateLimit-Reset']),
  };
}

/** Parses an error response's text; a body that is not JSON yields only its text. */
export function parseErrorBody(text: string): UpstreamErrorBody {
  try {
    const parsed = readErrorObject(JSON.parse(text));
    if (parsed !== undefined) return parsed;
  } catch {
    // Not JSON: the text itself is the best message there is.
  }
  const message = text.trim() === '' ? undefined : text.trim().slice(0, 200);
  return { message, code: undefined, availabilityCode: undefined, rateLimitResetMs: undefined };
}
