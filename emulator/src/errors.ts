/** Error object inside OpenRouter's envelope; `code` is the HTTP status as a number. */
export interface ErrorObject {
  code: number;
  message: string;
  metadata?: Record<string, unknown>;
  [extra: string]: unknown;
}

/** Error body as OpenRouter sends it: `{"error": {...}, "user_id"?: "user_..."}`. */
export interface ErrorEnvelope {
  error: ErrorObject;
  user_id?: string;
}

/** An error response: status, body and any extra headers. */
export interface ErrorReply {
  status: number;
  body: ErrorEnvelope;
  headers?: Record<string, string>;
}

/** Builds an error reply whose `error.code` equals the HTTP status. */
export function errorReply(
  status: number,
  message: string,
  metadata?: Record<string, unknown>,
): ErrorReply {
  const error: ErrorObject = { code: status, message };
  if (metadata) error.metadata = metadata;
  return { status, body: { error } };
}

// Message texts below are the ones OpenRouter sends, as seen in client reports.
const TOOLS_DOCS = 'https://openrouter.ai/docs/guides/routing/provider-selection';

export const missingCredentials = (): ErrorReply => errorReply(401, 'No auth credentials found');
export const unknownKey = (): ErrorReply => errorReply(401, 'User not found.');

export const invalidModel = (id: string): ErrorReply =>
  errorReply(400, `${id} is not a valid model ID`);

export const tooManyModels = (): ErrorReply =>
  errorReply(400, "'models' array must have 3 items or fewer.");

export const toolsUnsupported = (): ErrorReply =>
  errorReply(
    404,
    `No endpoints found that support tool use. To learn more about provider routing, visit: ${TOOLS_DOCS}`,
  );

/** Error for a request body that is not valid JSON or misses a required field. */
export const invalidBody = (detail: string): ErrorReply =>
  errorReply(400, detail, { error_type: 'invalid_request' });

export const routeNotFound = (): ErrorReply => errorReply(404, 'Not Found');

export const methodNotAllowed = (): ErrorReply => errorReply(405, 'Method Not Allowed');
