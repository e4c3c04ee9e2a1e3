import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { userOf } from '../http/authenticate.ts';
import { AppError, validationError } from '../http/errors.ts';
import { passwordProblem, replacePassword } from './accounts.ts';
import { verifyPassword } from './passwords.ts';
import type { AuthServices } from './routes.ts';
import { ChangePasswordSchema, SessionSchema } from './schemas.ts';
import { issueSession, passwordCost } from './session.ts';

/**
 * `POST /api/auth/change-password` {currentPassword, newPassword} → 200 a new
 * session. Older tokens stop working; gateway keys stay valid. A wrong
 * current password counts as a failed sign-in for the throttle.
 */
export function passwordRoutes(app: AppInstance, ctx: AppContext, services: AuthServices): void {
  app.post(
    '/api/auth/change-password',
    {
      config: { auth: 'user', allowDuringPasswordChange: true },
      bodyLimit: ctx.config.maxAuthBodyBytes,
      schema: {
        tags: ['auth'],
        summary: 'Change the password; returns a new token and revokes the older ones',
        body: ChangePasswordSchema,
        response: { 200: SessionSchema },
      },
    },
    async (request) => {
      const user = userOf(request);
      const { currentPassword, newPassword } = request.body;
      const verified = await services.throttle.attempt(user.email, request.ip, async () =>
        (await verifyPassword(user.password_hash, currentPassword)) ? true : undefined,
      );
      if (verified === undefined) {
        throw validationError('currentPassword', 'The current password is incorrect.');
      }
      const problem = passwordProblem(newPassword);
      if (problem !== undefined) throw validationError('newPassword', problem);
      if (newPassword === currentPassword) {
        throw validationError('newPassword', 'The new password must differ from the current one.');
      }

      await replacePassword(ctx.db, user.id, newPassword, {
        cost: passwordCost(ctx),
        mustChange: false,
        now: ctx.now(),
      });
      ctx.users.forget(user.id);
      const updated = await ctx.users.get(user.id);
      if (updated === undefined)
        throw new AppError('unauthorized', 'The account no longer exists.');
      request.log.info({ userId: user.id }, 'password changed');
      return issueSession(ctx, updated);
    },
  );
}
