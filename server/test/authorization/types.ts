import type { TestGateway, TestUser } from '../support/gateway.ts';

/** Who sends a request in the authorization matrix. */
export type Caller = 'anonymous' | 'gatewayKey' | 'otherUser' | 'admin' | 'user';

export const CALLERS: readonly Caller[] = ['anonymous', 'gatewayKey', 'otherUser', 'admin', 'user'];

/** The expected status per caller. */
export type Expectations = Record<Caller, number>;

/**
 * A fresh set of accounts for one request: `user` owns every object a route
 * refers to, `otherUser` is another plain user, `admin` an admin who owns
 * nothing, and `gatewayKey` is a key of `user`.
 */
export interface World {
  gateway: TestGateway;
  user: TestUser;
  otherUser: TestUser;
  admin: TestUser;
  gatewayKey: { id: number; key: string };
  /** A model that is enabled in the catalogue and usable by everyone. */
  model: { modelId: string };
  /** A value unique in this test run, for emails and names. */
  unique(): string;
}

/** What a case sends; `path` defaults to the route's URL. */
export interface CaseRequest {
  path?: string;
  body?: unknown;
}

/** The matrix entry of one registered route. */
export interface RouteCase {
  /** `METHOD url` exactly as registered, such as `DELETE /api/user/gateway-keys/:id`. */
  route: string;
  /** Builds the request in a fresh world; objects it creates belong to `world.user`. */
  request?: (world: World) => Promise<CaseRequest> | CaseRequest;
  expect: Expectations;
}

/** The password of every matrix account, so change-password works for each caller. */
export const MATRIX_PASSWORD = 'matrix-password-for-tests';

/** A public route: every caller gets `status`. */
export function everyone(status: number): Expectations {
  return { anonymous: status, gatewayKey: status, otherUser: status, admin: status, user: status };
}

/**
 * A signed-in route under /api: a gateway key is refused there (401). With
 * `owned`, the object belongs to `user`, so anyone else gets 404.
 */
export function signedIn(status: number, options: { owned?: boolean } = {}): Expectations {
  const others = options.owned === true ? 404 : status;
  return { anonymous: 401, gatewayKey: 401, otherUser: others, admin: others, user: status };
}

/** A signed-in route under /v1, where the user's gateway key acts as the user. */
export function apiClient(status: number): Expectations {
  return { anonymous: 401, gatewayKey: status, otherUser: status, admin: status, user: status };
}

/** An admin route: plain users get 403, and a gateway key 401 because it is not under /v1. */
export function adminOnly(status: number): Expectations {
  return { anonymous: 401, gatewayKey: 401, otherUser: 403, admin: status, user: 403 };
}
