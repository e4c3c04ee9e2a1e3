import { adminOnly, apiClient, type RouteCase, signedIn, type World } from './types.ts';

/** Fetches the row id of the first model in `world.user`'s model list. */
async function userModelId(world: World): Promise<number> {
  const response = await world.gateway.request<Array<{ id: number }>>('GET', '/api/user/models', {
    token: world.user.token,
  });
  const id = response.body[0]?.id;
  if (id === undefined) throw new Error(`no user model: ${response.status} ${response.text}`);
  return id;
}

/** The model catalogue: admin management, per-user switches and the model lists. */
export const catalogCases: RouteCase[] = [
  { route: 'GET /api/admin/models', expect: adminOnly(200) },
  {
    route: 'PUT /api/admin/models/toggle',
    request: (world) => ({ body: { modelId: world.model.modelId, enabled: true } }),
    expect: adminOnly(200),
  },
  { route: 'POST /api/admin/sync-models', expect: adminOnly(200) },
  { route: 'GET /api/user/models', expect: signedIn(200) },
  {
    // Catalogue rows are shared, so every signed-in user may switch the same row for themself.
    route: 'PUT /api/user/models/:id/toggle',
    request: async (world) => ({
      path: `/api/user/models/${await userModelId(world)}/toggle`,
      body: {},
    }),
    expect: signedIn(200),
  },
  {
    route: 'GET /api/user/models/:id/status',
    request: async (world) => ({ path: `/api/user/models/${await userModelId(world)}/status` }),
    expect: signedIn(200),
  },
  { route: 'GET /api/chat/models', expect: signedIn(200) },
  { route: 'GET /v1/models', expect: apiClient(200) },
  {
    route: 'GET /v1/models/*',
    request: (world) => ({ path: `/v1/models/${world.model.modelId}` }),
    expect: apiClient(200),
  },
];
