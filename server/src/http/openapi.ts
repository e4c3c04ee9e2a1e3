import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { AppInstance } from '../app/instance.ts';
import { markPublic } from './route-registry.ts';

/** OpenAPI document at /api/openapi.json, generated from the route schemas, and its UI at /api/docs. */
export async function openApiRoutes(app: AppInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Portcullis',
        description: 'Multi-user gateway for OpenRouter with an OpenAI-compatible API.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'Session token or gateway API key',
          },
        },
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(async (docs) => {
    docs.addHook('onRoute', markPublic);
    await docs.register(fastifySwaggerUi, {
      routePrefix: '/api/docs',
      staticCSP: false,
      uiConfig: { deepLinking: false },
    });
  });
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}
