import { validationError } from '../http/errors.ts';

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks `messages`: a non-empty array of OpenAI chat messages. */
export function validateMessages(value: unknown): void {
  if (!Array.isArray(value)) throw validationError('messages', 'messages must be an array.');
  if (value.length === 0) {
    throw validationError('messages', 'messages must contain at least one message.');
  }
  value.forEach((message, index) => {
    validateMessage(message, `messages.${index}`);
  });
}

function validateMessage(message: unknown, path: string): void {
  if (!isObject(message)) throw validationError(path, `${path} must be an object.`);
  const { role } = message;
  if (typeof role !== 'string' || !ROLES.has(role)) {
    throw validationError(
      `${path}.role`,
      `${path}.role must be one of system, developer, user, assistant, tool.`,
    );
  }
  if (message.name !== undefined && typeof message.name !== 'string') {
    throw validationError(`${path}.name`, `${path}.name must be a string.`);
  }
  if (role === 'assistant') {
    validateAssistant(message, path);
    return;
  }
  if (role === 'tool' && typeof message.tool_call_id !== 'string') {
    throw validationError(`${path}.tool_call_id`, `${path}.tool_call_id must be a string.`);
  }
  validateContent(message.content, `${path}.content`);
}

// An assistant message may carry only tool calls, with null or no content.
function validateAssistant(message: JsonObject, path: string): void {
  if (message.tool_calls !== undefined && !Array.isArray(message.tool_calls)) {
    throw validationError(`${path}.tool_calls`, `${path}.tool_calls must be an array.`);
  }
  const hasCalls = Array.isArray(message.tool_calls) && message.tool_calls.length > 0;
  if (hasCalls && (message.content === null || message.content === undefined)) return;
  validateContent(message.content, `${path}.content`);
}

function validateContent(content: unknown, path: string): void {
  if (typeof content === 'string') return;
  if (!Array.isArray(content)) {
    throw validationError(path, `${path} must be a string or an array of content parts.`);
  }
  content.forEach((part, index) => {
    validatePart(part, `${path}.${index}`);
  });
}

function validatePart(part: unknown, path: string): void {
  if (!isObject(part) || typeof part.type !== 'string') {
    throw validationError(`${path}.type`, `${path} must be an object with a string type.`);
  }
  if (part.type === 'text' && typeof part.text !== 'string') {
    throw validationError(`${path}.text`, `${path}.text must be a string.`);
  }
  if (
    part.type === 'image_url' &&
    !(isObject(part.image_url) && typeof part.image_url.url === 'string')
  ) {
    throw validationError(`${path}.image_url.url`, `${path}.image_url.url must be a string.`);
  }
}
