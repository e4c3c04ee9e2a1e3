import { Navigate, Outlet, useLocation } from 'react-router';
import { ForbiddenScreen } from '../screens/forbidden/ForbiddenScreen.tsx';
import { useSession } from '../session/session-context.ts';

/** Location state that carries the page a signed-out person asked for. */
export interface ReturnState {
  from?: string;
}

/** Sends a signed-out visitor to sign-in, remembering the page they asked for. */
export function RequireAuth() {
  const { user } = useSession();
  const location = useLocation();
  if (user === null) {
    const state: ReturnState = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/login" replace state={state} />;
  }
  return <Outlet />;
}

/** Holds everything but the password form until a forced password change is done. */
export function RequirePasswordChanged() {
  const { user } = useSession();
  const location = useLocation();
  if (user?.mustChangePassword === true) {
    const state: ReturnState = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/change-password" replace state={state} />;
  }
  return <Outlet />;
}

/** Shows a 403 page to everyone but admins. */
export function RequireAdmin() {
  const { user } = useSession();
  return user?.role === 'admin' ? <Outlet /> : <ForbiddenScreen />;
}

/** Leads a signed-in person away from sign-in and registration. */
export function SignedOutOnly() {
  const { user } = useSession();
  const location = useLocation();
  if (user === null) return <Outlet />;
  const from = (location.state as ReturnState | null)?.from;
  return <Navigate to={from ?? '/playground'} replace />;
}
