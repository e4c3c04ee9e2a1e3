import { type RouteCase, signedIn } from './types.ts';

/** The user's OpenRouter key and gateway API keys. */
export const keyCases: RouteCase[] = [
  {
    route: 'PUT /api/user/api-key',
    request: () => ({ body: { apiKey: 'sk-or-v1-matrix-key-0000' } }),
    expect: signedIn(204),
  },
  { route: 'DELETE /api/user/api-key', expect: signedIn(204) },
  { route: 'GET /api/user/api-key/status', expect: signedIn(200) },
  { route: 'GET /api/user/gateway-keys', expect: signedIn(200) },
  {
    route: 'POST /api/user/gateway-keys',
    request: () => ({ body: { name: 'matrix' } }),
    expect: signedIn(201),
  },
  {
    route: 'DELETE /api/user/gateway-keys/:id',
    request: (world) => ({ path: `/api/user/gateway-keys/${world.gatewayKey.id}` }),
    expect: signedIn(204, { owned: true }),
  },
];
