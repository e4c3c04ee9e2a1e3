import type { AdminUser } from '../../../api/types.ts';

/** Reasons a row's controls are off, mirroring the server's 409 protections. */
export interface Protections {
  role?: string;
  status?: string;
  remove?: string;
}

const SELF = 'You cannot change your own role, status or account here.';
const LAST_ADMIN = 'The last active admin cannot be demoted or disabled.';

export function protectionsOf(
  user: AdminUser,
  currentUserId: number,
  activeAdmins: number | null,
): Protections {
  if (user.id === currentUserId) return { role: SELF, status: SELF, remove: SELF };
  const lastAdmin =
    user.role === 'admin' && user.status === 'active' && activeAdmins !== null && activeAdmins <= 1;
  if (lastAdmin) return { role: LAST_ADMIN, status: LAST_ADMIN, remove: LAST_ADMIN };
  return {};
}

/** Lists the distinct reasons of a row. */
export function reasonsOf(protections: Protections): string[] {
  return [...new Set(Object.values(protections).filter((reason) => reason !== undefined))];
}
