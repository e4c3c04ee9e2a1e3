import { type RouteCase, signedIn, type World } from './types.ts';

/** Creates a conversation owned by `world.user` and returns its path. */
async function ownConversation(world: World): Promise<string> {
  const response = await world.gateway.request<{ id: number }>('POST', '/api/conversations', {
    token: world.user.token,
    body: { model: world.model.modelId },
  });
  if (response.status !== 201) throw new Error(`conversation: ${response.status} ${response.text}`);
  return `/api/conversations/${response.body.id}`;
}

/** Conversations and their replies, each visible to its owner only. */
export const conversationCases: RouteCase[] = [
  { route: 'GET /api/conversations', expect: signedIn(200) },
  {
    route: 'POST /api/conversations',
    request: (world) => ({ body: { model: world.model.modelId } }),
    expect: signedIn(201),
  },
  {
    route: 'GET /api/conversations/:id',
    request: async (world) => ({ path: await ownConversation(world) }),
    expect: signedIn(200, { owned: true }),
  },
  {
    route: 'PATCH /api/conversations/:id',
    request: async (world) => ({ path: await ownConversation(world), body: { title: 'Renamed' } }),
    expect: signedIn(200, { owned: true }),
  },
  {
    route: 'DELETE /api/conversations/:id',
    request: async (world) => ({ path: await ownConversation(world) }),
    expect: signedIn(204, { owned: true }),
  },
  {
    route: 'POST /api/conversations/:id/messages',
    request: async (world) => ({
      path: `${await ownConversation(world)}/messages`,
      body: { content: 'Hi' },
    }),
    expect: signedIn(201, { owned: true }),
  },
  {
    route: 'POST /api/conversations/:id/messages/stream',
    request: async (world) => ({
      path: `${await ownConversation(world)}/messages/stream`,
      body: { content: 'Hi' },
    }),
    expect: signedIn(200, { owned: true }),
  },
];
