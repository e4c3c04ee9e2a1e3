import { createContext, useContext } from 'react';
import type { Api } from '../api/endpoints.ts';
import type { Session, User } from '../api/types.ts';

export interface SessionState {
  session: Session | null;
  user: User | null;
  api: Api;
  signIn: (session: Session) => void;
  signOut: () => void;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (state === null) throw new Error('useSession must be called inside SessionProvider.');
  return state;
}

/** The API client; its errors and 401s are handled in one place (SessionProvider). */
export function useApi(): Api {
  return useSession().api;
}

/** The signed-in user; only for screens behind RequireAuth. */
export function useCurrentUser(): User {
  const { user } = useSession();
  if (user === null) throw new Error('useCurrentUser needs a signed-in user.');
  return user;
}
