import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { AppError } from '../http/errors.ts';
import { findUserByEmail } from './accounts.ts';
import { normalizeEmail } from './email.ts';
import { verifyPassword } from './passwords.ts';
import type { AuthServices } from './routes.ts';
import { CredentialsSchema, SessionSchema } from './schemas.ts';
import { issueSession } from './session.ts';

// One message for an unknown email, a wrong password and a disabled account,
// so a failure does not tell whether the account exists or the password is right.
const LOGIN_FAILED = 'Invalid email or password.';

/** `POST /api/auth/login` {email, password} → 200 {token, expiresAt, user}. */
export function loginRoutes(app: AppInstance, ctx: AppContext, services: AuthServices): void {
  app.post(
    '/api/auth/login',
    {
      config: { auth: 'public' },
      bodyLimit: ctx.config.maxAuthBodyBytes,
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        security: [],
        body: CredentialsSchema,
        response: { 200: SessionSchema },
      },
    },
    async (request) => {
      const email = normalizeEmail(request.body.email);
      const user = await services.throttle.attempt(email, request.ip, async () => {
        const found = await findUserByEmail(ctx.db, email);
        // The decoy hash costs as much as a real one, so unknown emails take as long.
        const matches = await verifyPassword(
          found?.password_hash ?? services.decoyHash,
          request.body.password,
        );
        // A disabled account fails like a wrong password, so the answer does
        // not tell whether the password was right, and the failure is counted.
        return matches && found?.status === 'active' ? found : undefined;
      });
      if (user === undefined) throw new AppError('unauthorized', LOGIN_FAILED);
      request.log.info({ userId: user.id }, 'signed in');
      return issueSession(ctx, user);
    },
  );
}
