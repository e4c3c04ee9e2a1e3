import { apiClient, type RouteCase, signedIn, type World } from './types.ts';

function completion(world: World) {
  return { body: { model: world.model.modelId, messages: [{ role: 'user', content: 'Hello' }] } };
}

/** The OpenAI-compatible chat relay, for the UI (/api) and for API clients (/v1). */
export const chatCases: RouteCase[] = [
  { route: 'POST /api/chat/completions', request: completion, expect: signedIn(200) },
  { route: 'POST /v1/chat/completions', request: completion, expect: apiClient(200) },
];
