import { Type } from 'typebox';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { NoContentSchema } from '../auth/schemas.ts';
import { userOf } from '../http/authenticate.ts';
import { notFound, validationError } from '../http/errors.ts';
import { parseExpiry } from './expiry.ts';
import {
  createGatewayKey,
  deleteGatewayKey,
  listGatewayKeys,
  toGatewayKeyView,
} from './gateway-keys.ts';

const NAME_MAX_LENGTH = 100;

const GatewayKeySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const CreatedKeySchema = Type.Intersect([
  GatewayKeySchema,
  Type.Object({ key: Type.String({ description: 'The full key; shown only in this response' }) }),
]);

const CreateBody = Type.Object({
  name: Type.String({ maxLength: 1000 }),
  expiresAt: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
});

const KeyParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** `/api/user/gateway-keys`: list, create (the key is shown once) and delete the caller's API keys. */
export async function gatewayKeyRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/api/user/gateway-keys',
    {
      schema: {
        tags: ['keys'],
        summary: 'Your gateway API keys (without the keys themselves)',
        response: { 200: Type.Array(GatewayKeySchema) },
      },
    },
    async (request) => {
      const rows = await listGatewayKeys(ctx, userOf(request).id);
      return rows.map((row) => toGatewayKeyView(ctx, row));
    },
  );

  app.post(
    '/api/user/gateway-keys',
    {
      bodyLimit: ctx.config.maxAuthBodyBytes,
      schema: {
        tags: ['keys'],
        summary: 'Create a gateway API key for /v1 clients',
        body: CreateBody,
        response: { 201: CreatedKeySchema },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      const name = request.body.name.trim();
      if (name === '' || name.length > NAME_MAX_LENGTH) {
        throw validationError('name', `name must be 1–${NAME_MAX_LENGTH} characters.`);
      }
      const expiresAt = parseExpiry(request.body.expiresAt, ctx.now());
      const { row, key } = await createGatewayKey(ctx, user.id, name, expiresAt);
      request.log.info({ userId: user.id, gatewayKeyId: row.id }, 'gateway key created');
      return reply.status(201).send({ ...toGatewayKeyView(ctx, row), key });
    },
  );

  app.delete(
    '/api/user/gateway-keys/:id',
    {
      schema: {
        tags: ['keys'],
        summary: 'Delete one of your gateway API keys',
        params: KeyParams,
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      if (!(await deleteGatewayKey(ctx, user.id, request.params.id))) throw notFound('Gateway key');
      request.log.info({ userId: user.id, gatewayKeyId: request.params.id }, 'gateway key deleted');
      return reply.status(204).send(null);
    },
  );
}
