import { Type } from 'typebox';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { userOf } from '../http/authenticate.ts';
import { notFound } from '../http/errors.ts';
import { AdminUserRow, loadAdminUserRow } from './admin-user-row.ts';
import { PageOf, PageQuery, parsePage } from './pagination.ts';
import {
  changeRole,
  changeStatus,
  createUserAsAdmin,
  deleteUser,
  resetPassword,
} from './user-admin.ts';
import { listUsers } from './user-list.ts';

const Role = Type.Union([Type.Literal('user'), Type.Literal('admin')]);
const Status = Type.Union([Type.Literal('active'), Type.Literal('disabled')]);
const UserParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const ListQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ description: 'Substring of the email, case-insensitive.' })),
});
const NewUserBody = Type.Object({
  email: Type.String({ maxLength: 1000 }),
  password: Type.String({ maxLength: 1000 }),
  role: Type.Optional(Role),
});

/** The user administration routes under /api/admin/users. */
export async function userRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  const admin = { auth: 'admin' as const };
  const tags = ['admin'];

  /** Returns the user's admin row as the database stores it now. */
  async function currentRow(userId: number): Promise<AdminUserRow> {
    const row = await loadAdminUserRow(ctx, userId);
    if (row === undefined) throw notFound('User');
    return row;
  }

  app.get(
    '/api/admin/users',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Users, newest first',
        querystring: ListQuery,
        response: { 200: PageOf(AdminUserRow) },
      },
    },
    async (request) => listUsers(ctx, request.query.q, parsePage(request.query)),
  );

  app.post(
    '/api/admin/users',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Create a user',
        body: NewUserBody,
        response: { 201: AdminUserRow },
      },
    },
    async (request, reply) => {
      const created = await createUserAsAdmin(ctx, userOf(request), request.body);
      return reply.status(201).send(await currentRow(created.id));
    },
  );

  app.put(
    '/api/admin/users/:id/role',
    {
      config: admin,
      schema: {
        tags,
        summary: "Change a user's role",
        params: UserParams,
        body: Type.Object({ role: Role }),
        response: { 200: AdminUserRow },
      },
    },
    async (request) => {
      await changeRole(ctx, userOf(request), request.params.id, request.body.role);
      return currentRow(request.params.id);
    },
  );

  app.put(
    '/api/admin/users/:id/status',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Enable or disable a user',
        params: UserParams,
        body: Type.Object({ status: Status }),
        response: { 200: AdminUserRow },
      },
    },
    async (request) => {
      await changeStatus(ctx, userOf(request), request.params.id, request.body.status);
      return currentRow(request.params.id);
    },
  );

  app.post(
    '/api/admin/users/:id/reset-password',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Set a temporary password; revokes tokens and gateway keys',
        params: UserParams,
        response: { 200: Type.Object({ temporaryPassword: Type.String() }) },
      },
    },
    async (request) => ({
      temporaryPassword: await resetPassword(ctx, userOf(request), request.params.id),
    }),
  );

  app.delete(
    '/api/admin/users/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Delete a user and their data; chat logs keep the email',
        params: UserParams,
      },
    },
    async (request, reply) => {
      await deleteUser(ctx, userOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
