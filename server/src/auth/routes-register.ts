import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { AppError, validationError } from '../http/errors.ts';
import { createAccount, passwordProblem } from './accounts.ts';
import { emailProblem, normalizeEmail } from './email.ts';
import type { AuthServices } from './routes.ts';
import { CredentialsSchema, SessionSchema } from './schemas.ts';
import { issueSession, passwordCost } from './session.ts';

/** `POST /api/auth/register` {email, password} → 201 {token, expiresAt, user}. */
export function registerRoutes(app: AppInstance, ctx: AppContext, services: AuthServices): void {
  app.post(
    '/api/auth/register',
    {
      config: { auth: 'public' },
      bodyLimit: ctx.config.maxAuthBodyBytes,
      schema: {
        tags: ['auth'],
        summary: 'Create an account and sign in',
        security: [],
        body: CredentialsSchema,
        response: { 201: SessionSchema },
      },
    },
    async (request, reply) => {
      if (ctx.config.registration === 'closed') {
        throw new AppError(
          'registration_closed',
          'Registration is closed; ask an admin for an account.',
        );
      }
      const email = normalizeEmail(request.body.email);
      const { password } = request.body;
      const emailIssue = emailProblem(email);
      if (emailIssue !== undefined) throw validationError('email', emailIssue);
      const passwordIssue = passwordProblem(password);
      if (passwordIssue !== undefined) throw validationError('password', passwordIssue);

      // Only well-formed attempts take a slot, so a typo does not use one up.
      await services.takeRegistrationSlot(request.ip);
      const user = await createAccount(
        ctx.db,
        { email, password, role: 'user', mustChangePassword: false },
        passwordCost(ctx),
        ctx.now(),
      );
      request.log.info({ userId: user.id }, 'account registered');
      return reply.status(201).send(await issueSession(ctx, user));
    },
  );
}
