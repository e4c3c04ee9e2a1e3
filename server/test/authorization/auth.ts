import { everyone, MATRIX_PASSWORD, type RouteCase, signedIn } from './types.ts';

/** Registration, sign-in and the signed-in account. */
export const authCases: RouteCase[] = [
  {
    route: 'POST /api/auth/register',
    request: (world) => ({
      body: { email: `${world.unique()}@example.test`, password: MATRIX_PASSWORD },
    }),
    expect: everyone(201),
  },
  {
    route: 'POST /api/auth/login',
    request: (world) => ({ body: { email: world.user.row.email, password: MATRIX_PASSWORD } }),
    expect: everyone(200),
  },
  { route: 'GET /api/auth/me', expect: signedIn(200) },
  {
    route: 'POST /api/auth/change-password',
    request: () => ({
      body: { currentPassword: MATRIX_PASSWORD, newPassword: 'matrix-password-changed' },
    }),
    expect: signedIn(200),
  },
  { route: 'POST /api/auth/logout-all', expect: signedIn(204) },
];
