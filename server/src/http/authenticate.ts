import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import type { Principal } from '../auth/principal.ts';
import { verifyToken } from '../auth/tokens.ts';
import { looksLikeGatewayKey } from '../keys/gateway-key-format.ts';
import type { UserRow } from '../storage/schema.ts';
import { AppError } from './errors.ts';
import './fastify-types.ts';

const UNAUTHORIZED = 'Missing, invalid, expired or revoked credentials.';

function unauthorized(message = UNAUTHORIZED): AppError {
  return new AppError('unauthorized', message);
}

/**
 * Builds the onRequest hook that resolves the caller. It runs before the body
 * is read, so credentials (401), the forced password change (403) and the
 * role (403) are decided before body size (413) and validation (400).
 */
export function createAuthenticateHook(ctx: AppContext) {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const config = request.routeOptions.config;
    const rule = config.auth ?? 'user';
    if (rule === 'public' || request.is404) return;
    const principal = await resolvePrincipal(ctx, request);
    if (principal.user.must_change_password === 1 && config.allowDuringPasswordChange !== true) {
      throw new AppError(
        'password_change_required',
        'Change your password first: POST /api/auth/change-password.',
      );
    }
    if (rule === 'admin' && principal.user.role !== 'admin') {
      throw new AppError('forbidden', 'This route is for admins only.');
    }
    request.principal = principal;
  };
}

async function resolvePrincipal(ctx: AppContext, request: FastifyRequest): Promise<Principal> {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  const token = match?.[1];
  if (token === undefined) throw unauthorized('Send credentials as Authorization: Bearer <token>.');
  if (looksLikeGatewayKey(token)) return resolveGatewayKey(ctx, request, token);
  const claims = await verifyToken(ctx.secrets.jwtSecret, token, ctx.now());
  if (claims === undefined) throw unauthorized();
  const user = await ctx.users.get(claims.userId);
  const valid =
    user !== undefined &&
    user.status === 'active' &&
    user.session_counter === claims.sessionCounter &&
    user.session_salt === claims.sessionSalt;
  if (!valid) throw unauthorized();
  return { user, credential: 'jwt', gatewayKeyId: undefined };
}

async function resolveGatewayKey(
  ctx: AppContext,
  request: FastifyRequest,
  key: string,
): Promise<Principal> {
  if (!request.url.startsWith('/v1/')) {
    throw unauthorized('Gateway API keys are accepted on /v1 routes only; sign in for this route.');
  }
  const row = await ctx.gatewayKeys.findByKey(key);
  if (row === undefined) throw unauthorized();
  if (row.expires_at !== null && row.expires_at <= ctx.now()) {
    throw unauthorized('This gateway API key has expired.');
  }
  const user = await ctx.users.get(row.user_id);
  if (user === undefined || user.status !== 'active') throw unauthorized();
  ctx.gatewayKeys.markUsed(row.id);
  return { user, credential: 'gateway_key', gatewayKeyId: row.id };
}

/** The caller of a route that is not public; the hook guarantees it is set. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw unauthorized();
  return request.principal;
}

export function userOf(request: FastifyRequest): UserRow {
  return principalOf(request).user;
}
