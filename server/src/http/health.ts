import { sql } from 'kysely';
import { Type } from 'typebox';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';

const HealthBody = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('starting'), Type.Literal('unavailable')]),
});

/** `GET /api/health`: 200 once ready, 503 while starting or when the database does not respond. */
export async function healthRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/api/health',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Readiness of the gateway',
        response: { 200: HealthBody, 503: HealthBody },
      },
    },
    async (_request, reply) => {
      if (!ctx.lifecycle.ready) return reply.status(503).send({ status: 'starting' });
      try {
        await sql`select 1`.execute(ctx.db);
      } catch (error) {
        ctx.log.warn({ err: error }, 'health check failed: database did not respond');
        return reply.status(503).send({ status: 'unavailable' });
      }
      return { status: 'ok' as const };
    },
  );
}
