import type { FastifyReply, FastifyRequest } from 'fastify';

/** onResponse hook writing one line per request, at a level chosen by the status class. */
export async function logRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const status = reply.statusCode;
  const line = {
    method: request.method,
    route: request.routeOptions.url ?? 'unmatched',
    status,
    ms: Math.round(reply.elapsedTime * 10) / 10,
    userId: request.principal?.user.id,
  };
  if (status >= 500) request.log.error(line, 'request');
  else if (status >= 400) request.log.warn(line, 'request');
  else request.log.info(line, 'request');
}
