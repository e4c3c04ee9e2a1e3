import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../../session/session-context.ts';
import { usersKey } from './query-keys.ts';

const MAX_PAGE = 200;

/**
 * Counts the active admins, so the console can disable the demotion or disabling of the
 * last one. Returns null while loading or when there are more users than one page.
 */
export function useActiveAdminCount(): number | null {
  const api = useApi();
  const all = useQuery({
    queryKey: [...usersKey, 'all'],
    queryFn: () => api.admin.users({ q: '', page: 0, size: MAX_PAGE }),
  });
  // NOTE: with more than 200 accounts the count is unknown. The server's 409 last_admin
  // still protects the last admin, and the UI shows its message as a notification.
  if (all.data === undefined || all.data.total > all.data.items.length) return null;
  return all.data.items.filter((user) => user.role === 'admin' && user.status === 'active').length;
}
