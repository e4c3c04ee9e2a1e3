import { Type } from 'typebox';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { NoContentSchema } from '../auth/schemas.ts';
import { userOf } from '../http/authenticate.ts';
import { validationError } from '../http/errors.ts';
import { forgetProviderKey } from '../upstream/upstream-key.ts';
import { checkProviderKey } from './provider-key-check.ts';
import { providerKeyProblem } from './provider-key-format.ts';
import { deleteProviderKey, providerKeyStatus, saveProviderKey } from './provider-key-store.ts';

const ApiKeyBody = Type.Object({ apiKey: Type.String({ maxLength: 1024 }) });

const UnverifiedBody = Type.Object({
  verified: Type.Literal(false),
  message: Type.String(),
});

const StatusBody = Type.Object({
  configured: Type.Boolean(),
  last4: Type.Union([Type.String(), Type.Null()]),
  verified: Type.Boolean(),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** `PUT`/`DELETE /api/user/api-key` and `GET /api/user/api-key/status`: the user's own OpenRouter key. */
export async function providerKeyRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  // The shared upstream pool applies UPSTREAM_CONNECT_TIMEOUT_MS and UPSTREAM_IDLE_TIMEOUT_MS.
  const dispatcher = ctx.upstream.pool;

  app.put(
    '/api/user/api-key',
    {
      bodyLimit: ctx.config.maxAuthBodyBytes,
      schema: {
        tags: ['keys'],
        summary: 'Store your OpenRouter key (checked with the upstream first)',
        body: ApiKeyBody,
        response: { 202: UnverifiedBody, 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const apiKey = request.body.apiKey.trim();
      // Checked before the upstream call, because undici cannot send a key that
      // is invalid in a header, and such a key would fail every later chat.
      const problem = providerKeyProblem(apiKey);
      if (problem !== undefined) throw validationError('apiKey', problem);
      const result = await checkProviderKey(ctx.config, dispatcher, apiKey);
      if (result.kind === 'rejected') throw validationError('apiKey', result.message);
      await saveProviderKey(ctx, user.id, apiKey, result.kind === 'verified');
      forgetProviderKey(ctx, user.id);
      request.log.info(
        { userId: user.id, verified: result.kind === 'verified' },
        'provider key stored',
      );
      if (result.kind === 'unverified') {
        return reply.status(202).send({ verified: false, message: result.message });
      }
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/user/api-key',
    {
      schema: {
        tags: ['keys'],
        summary: 'Remove your stored OpenRouter key',
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      await deleteProviderKey(ctx, user.id);
      forgetProviderKey(ctx, user.id);
      request.log.info({ userId: user.id }, 'provider key removed');
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/user/api-key/status',
    {
      schema: {
        tags: ['keys'],
        summary: 'Whether an OpenRouter key is stored, and its last four characters',
        response: { 200: StatusBody },
      },
    },
    async (request) => providerKeyStatus(ctx, userOf(request).id),
  );
}
