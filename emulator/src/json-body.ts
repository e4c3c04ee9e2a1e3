/** A request body after JSON parsing: the value (null when empty), or the parse error. */
export interface JsonBody {
  value: unknown;
  error?: string;
}

/** Parses a request body as JSON; an empty body is null. */
export function parseJsonBody(text: string): JsonBody {
  if (text === '') return { value: null };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { value: undefined, error: `Invalid JSON body: ${(error as Error).message}` };
  }
}
