import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { AppError } from '../http/errors.ts';

function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function tokenMatches(expected: string, header: string | undefined): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** `GET /metrics`: needs METRICS_TOKEN when set, else serves loopback clients only. */
export async function metricsRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  app.addHook('onResponse', async (request: FastifyRequest, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.httpRequests.inc({ route, method: request.method, status: reply.statusCode });
    ctx.metrics.httpDuration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });

  app.get(
    '/metrics',
    { config: { auth: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const token = ctx.config.metricsToken;
      const allowed =
        token === undefined
          ? isLoopback(request.socket.remoteAddress)
          : tokenMatches(token, request.headers.authorization);
      if (!allowed) {
        throw new AppError('unauthorized', 'Metrics need Authorization: Bearer <METRICS_TOKEN>.');
      }
      const body = await ctx.metrics.registry.metrics();
      return reply.type(ctx.metrics.registry.contentType).send(body);
    },
  );
}
