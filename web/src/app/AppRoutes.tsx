import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AppLayout } from '../components/layout/AppLayout.tsx';
import { PageSkeleton } from '../components/PageSkeleton.tsx';
import { ChangePasswordScreen } from '../screens/change-password/ChangePasswordScreen.tsx';
import { LoginScreen } from '../screens/login/LoginScreen.tsx';
import { NotFoundScreen } from '../screens/not-found/NotFoundScreen.tsx';
import { PlaygroundScreen } from '../screens/playground/PlaygroundScreen.tsx';
import { RegisterScreen } from '../screens/register/RegisterScreen.tsx';
import { SettingsScreen } from '../screens/settings/SettingsScreen.tsx';
import { RequireAdmin, RequireAuth, RequirePasswordChanged, SignedOutOnly } from './guards.tsx';

// The admin console is a separate chunk, loaded only when an admin opens it.
const AdminArea = lazy(() => import('../screens/admin/AdminArea.tsx'));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<SignedOutOnly />}>
        <Route path="/login" element={<LoginScreen />} />
        <Route path="/register" element={<RegisterScreen />} />
      </Route>
      <Route element={<RequireAuth />}>
        <Route path="/change-password" element={<ChangePasswordScreen />} />
        <Route element={<RequirePasswordChanged />}>
          <Route element={<AppLayout />}>
            <Route index element={<Navigate to="/playground" replace />} />
            <Route path="/playground/:conversationId?" element={<PlaygroundScreen />} />
            <Route path="/settings" element={<SettingsScreen />} />
            <Route element={<RequireAdmin />}>
              <Route
                path="/admin/*"
                element={
                  <Suspense fallback={<PageSkeleton />}>
                    <AdminArea />
                  </Suspense>
                }
              />
            </Route>
            <Route path="*" element={<NotFoundScreen />} />
          </Route>
        </Route>
      </Route>
    </Routes>
  );
}
