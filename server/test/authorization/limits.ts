import { adminOnly, type RouteCase, signedIn } from './types.ts';

/** Daily quotas and per-user rate limits. */
export const limitCases: RouteCase[] = [
  { route: 'GET /api/admin/usage-limits', expect: adminOnly(200) },
  {
    route: 'PUT /api/admin/usage-limits',
    request: (world) => ({
      body: { modelId: world.model.modelId, maxRequestsPerDay: 1000, maxTokensPerDay: null },
    }),
    expect: adminOnly(200),
  },
  { route: 'GET /api/user/usage', expect: signedIn(200) },
  {
    route: 'PUT /api/admin/users/:id/rate-limit',
    request: (world) => ({
      path: `/api/admin/users/${world.user.row.id}/rate-limit`,
      body: { requestsPerMinute: 50 },
    }),
    expect: adminOnly(200),
  },
];
