import { adminOnly, MATRIX_PASSWORD, type RouteCase, signedIn } from './types.ts';

/** The admin console's stats, chat logs, users and audit log, and the user's own request log. */
export const adminCases: RouteCase[] = [
  { route: 'GET /api/admin/stats', expect: adminOnly(200) },
  { route: 'GET /api/admin/chat-logs', expect: adminOnly(200) },
  { route: 'GET /api/admin/chat-logs/export', expect: adminOnly(200) },
  { route: 'GET /api/user/requests', expect: signedIn(200) },
  { route: 'GET /api/admin/users', expect: adminOnly(200) },
  {
    route: 'POST /api/admin/users',
    request: (world) => ({
      body: { email: `${world.unique()}@example.test`, password: MATRIX_PASSWORD },
    }),
    expect: adminOnly(201),
  },
  {
    route: 'PUT /api/admin/users/:id/role',
    request: (world) => ({
      path: `/api/admin/users/${world.user.row.id}/role`,
      body: { role: 'admin' },
    }),
    expect: adminOnly(200),
  },
  {
    route: 'PUT /api/admin/users/:id/status',
    request: (world) => ({
      path: `/api/admin/users/${world.user.row.id}/status`,
      body: { status: 'disabled' },
    }),
    expect: adminOnly(200),
  },
  {
    route: 'POST /api/admin/users/:id/reset-password',
    request: (world) => ({ path: `/api/admin/users/${world.user.row.id}/reset-password` }),
    expect: adminOnly(200),
  },
  {
    route: 'DELETE /api/admin/users/:id',
    request: (world) => ({ path: `/api/admin/users/${world.user.row.id}` }),
    expect: adminOnly(204),
  },
  { route: 'GET /api/admin/audit', expect: adminOnly(200) },
];
