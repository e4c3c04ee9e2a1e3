import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { userOf } from '../http/authenticate.ts';
import { revokeSessions } from './accounts.ts';
import { toPublicUser } from './principal.ts';
import { NoContentSchema, PublicUserSchema } from './schemas.ts';

/** `GET /api/auth/me` and `POST /api/auth/logout-all`, both open during a forced password change. */
export function accountRoutes(app: AppInstance, ctx: AppContext): void {
  app.get(
    '/api/auth/me',
    {
      config: { auth: 'user', allowDuringPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: PublicUserSchema },
      },
    },
    async (request) => toPublicUser(userOf(request)),
  );

  app.post(
    '/api/auth/logout-all',
    {
      config: { auth: 'user', allowDuringPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: 'Revoke every token of the signed-in user, this one included',
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      await revokeSessions(ctx.db, user.id, ctx.now());
      ctx.users.forget(user.id);
      request.log.info({ userId: user.id }, 'signed out everywhere');
      return reply.status(204).send(null);
    },
  );
}
