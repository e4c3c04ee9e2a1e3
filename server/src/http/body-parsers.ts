import type { FastifyInstance, FastifyRequest } from 'fastify';
import { validationError } from './errors.ts';

function parseJsonText(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw validationError('body', 'The request body is not valid JSON.');
  }
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
