import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppInstance } from '../app/instance.ts';
import { workspaceRoot } from '../app/workspace-root.ts';
import { AppError } from './errors.ts';
import { markPublic } from './route-registry.ts';

export const WEB_DIST = join(workspaceRoot(), 'web', 'dist', '/');

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url === '/v1' || url.startsWith('/v1/');
}

/**
 * Serves the built UI from web/dist, with the SPA fallback: an unknown GET
 * path outside /api and /v1 gets index.html, while unknown API paths stay
 * JSON 404s.
 */
export async function webUiRoutes(app: AppInstance): Promise<void> {
  const built = existsSync(`${WEB_DIST}index.html`);
  if (built) {
    // The root registration only adds reply.sendFile for the SPA fallback below;
    // the child one serves the files, with its routes marked public.
    await app.register(fastifyStatic, { root: WEB_DIST, serve: false });
    await app.register(async (assets) => {
      assets.addHook('onRoute', markPublic);
      await assets.register(fastifyStatic, {
        root: WEB_DIST,
        wildcard: false,
        index: false,
        decorateReply: false,
      });
    });
  }
  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (built && request.method === 'GET' && !isApiPath(path)) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    const error = new AppError('not_found', `No route for ${request.method} ${path}.`);
    return reply.status(404).send(error.toBody());
  });
}
