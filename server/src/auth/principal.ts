import type { UserRow } from '../storage/schema.ts';

export type Role = 'user' | 'admin';

/** Who made a request, and with which kind of credential. */
export interface Principal {
  user: UserRow;
  credential: 'jwt' | 'gateway_key';
  gatewayKeyId: number | undefined;
}

/** Route-level access rule, set in each route's `config.auth`. */
export type AccessRule = 'public' | 'user' | 'admin';

/** The user object of the API (`{id,email,role,status,mustChangePassword,createdAt}`). */
export interface PublicUser {
  id: number;
  email: string;
  role: Role;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  createdAt: string;
}

export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: row.status,
    mustChangePassword: row.must_change_password === 1,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
