import type { FastifyInstance, FastifyRequest } from 'fastify';
import { validationError } from './errors.ts';

/** Deeper bodies are rejected: serialising them again would overflow the call stack. */
export const MAX_JSON_DEPTH = 100;

function parseJsonText(text: string): unknown {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw validationError('body', 'The request body is not valid JSON.');
  }
  if (exceedsDepth(value, MAX_JSON_DEPTH)) {
    throw validationError('body', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  return value;
}

/** Walks arrays and objects without recursion, so the check itself cannot overflow. */
function exceedsDepth(root: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    if (depth > maxDepth) return true;
    const children = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Parses JSON bodies, and lets routes without a body accept an empty one
 * whatever its Content-Type. A non-empty body of another type reaches the
 * route's schema as a string and fails validation there.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (_request: FastifyRequest, body: string | Buffer, done) => {
      try {
        done(null, parseJsonText(String(body)));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    done(null, text.trim() === '' ? undefined : text);
  });
}
