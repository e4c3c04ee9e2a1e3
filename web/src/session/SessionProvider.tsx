import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createApi } from '../api/endpoints.ts';
import { HttpClient } from '../api/http.ts';
import type { Session, User } from '../api/types.ts';
import { SessionContext } from './session-context.ts';
import { loadSession, onSessionChangedElsewhere, saveSession } from './session-storage.ts';

/**
 * Owns the signed-in session (kept in localStorage so it survives a reload) and the one
 * API client. A 401 on any authenticated request ends the session once, and the route
 * guards then send the person to sign-in with the page they wanted.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<Session | null>(loadSession);
  const sessionRef = useRef(session);

  const store = useCallback((next: Session | null) => {
    sessionRef.current = next;
    saveSession(next);
    setSession(next);
  }, []);

  const api = useMemo(() => {
    const http = new HttpClient({
      getToken: () => sessionRef.current?.token ?? null,
      onUnauthorized: () => {
        if (sessionRef.current === null) return;
        store(null);
        queryClient.clear();
        notifications.show({
          id: 'session-ended',
          color: 'yellow',
          message: 'Your session has ended. Sign in again.',
        });
      },
      onPasswordChangeRequired: () => {
        const current = sessionRef.current;
        if (current === null || current.user.mustChangePassword) return;
        store({ ...current, user: { ...current.user, mustChangePassword: true } });
      },
    });
    return createApi(http);
  }, [queryClient, store]);

  useEffect(
    () =>
      onSessionChangedElsewhere(() => {
        const next = loadSession();
        sessionRef.current = next;
        setSession(next);
        if (next === null) queryClient.clear();
      }),
    [queryClient],
  );

  const me = useQuery({
    queryKey: ['me', session?.user.id],
    queryFn: api.auth.me,
    enabled: session !== null,
    staleTime: 60_000,
  });
  useEffect(() => {
    const current = sessionRef.current;
    if (me.data === undefined || current === null || sameUser(current.user, me.data)) return;
    store({ ...current, user: me.data });
  }, [me.data, store]);

  const signOut = useCallback(() => {
    store(null);
    queryClient.clear();
  }, [queryClient, store]);

  const value = useMemo(
    () => ({ session, user: session?.user ?? null, api, signIn: store, signOut }),
    [session, api, store, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

function sameUser(a: User, b: User): boolean {
  return (
    a.id === b.id &&
    a.email === b.email &&
    a.role === b.role &&
    a.status === b.status &&
    a.mustChangePassword === b.mustChangePassword
  );
}
