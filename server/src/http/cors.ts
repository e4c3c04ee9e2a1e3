import type { FastifyReply, FastifyRequest } from 'fastify';

const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Title, HTTP-Referer';
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const EXPOSED_HEADERS = 'RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After';

/**
 * Builds an onRequest hook that allows the configured extra origins. The UI is
 * same-origin and needs none; other origins get no CORS headers.
 */
export function createCorsHook(origins: readonly string[]) {
  const allowed = new Set(origins);
  return async function cors(request: FastifyRequest, reply: FastifyReply) {
    const origin = request.headers.origin;
    if (origin === undefined || !allowed.has(origin)) return;
    reply.header('Access-Control-Allow-Origin', origin);
    reply.header('Vary', 'Origin');
    reply.header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    if (request.method === 'OPTIONS') {
      reply.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
      reply.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      reply.header('Access-Control-Max-Age', '600');
      await reply.status(204).send();
    }
  };
}
