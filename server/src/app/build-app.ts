import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import { fastifyTrustProxy } from '../config/trust-proxy.ts';
import { createAuthenticateHook } from '../http/authenticate.ts';
import { registerBodyParsers } from '../http/body-parsers.ts';
import { createCorsHook } from '../http/cors.ts';
import { errorHandler } from '../http/error-handler.ts';
import { healthRoutes } from '../http/health.ts';
import { openApiRoutes } from '../http/openapi.ts';
import { RouteRegistry } from '../http/route-registry.ts';
import { addSecurityHeaders } from '../http/security-headers.ts';
import { createValidatorCompiler } from '../http/validator.ts';
import { webUiRoutes } from '../http/web-ui.ts';
import { metricsRoutes } from '../observability/metrics-routes.ts';
import { logRequest } from '../observability/request-log.ts';
import type { AppContext } from './context.ts';
import { FEATURES } from './features.ts';
import type { AppInstance } from './instance.ts';

export interface BuiltApp {
  app: AppInstance;
  routes: RouteRegistry;
}

/** Creates the Fastify app with every feature registered; it does not listen yet. */
export async function buildApp(ctx: AppContext): Promise<BuiltApp> {
  const app = Fastify({
    loggerInstance: ctx.log,
    trustProxy: fastifyTrustProxy(ctx.config.trustProxy),
    bodyLimit: ctx.config.maxBodyBytes,
    genReqId: () => randomUUID(),
    // One line per request comes from logRequest, at a level chosen by the status.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    // Router errors (a bad percent-encoding) get the API's error body too.
    frameworkErrors: errorHandler,
    // Idle keep-alive sockets close at once on shutdown; open streams may finish.
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as AppInstance;

  const routes = new RouteRegistry();
  app.addHook('onRoute', routes.onRoute);
  app.decorateRequest('principal', null);
  registerBodyParsers(app);
  app.setValidatorCompiler(createValidatorCompiler());
  app.setErrorHandler(errorHandler);
  app.addHook('onRequest', createCorsHook(ctx.config.corsOrigins));
  app.addHook('onRequest', createAuthenticateHook(ctx));
  app.addHook('onSend', addSecurityHeaders);
  app.addHook('onResponse', logRequest);

  await openApiRoutes(app);
  await metricsRoutes(app, ctx);
  await healthRoutes(app, ctx);
  for (const feature of FEATURES) await feature(app, ctx);
  await webUiRoutes(app);
  return { app, routes };
}
