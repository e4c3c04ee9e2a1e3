import { Stack } from '@mantine/core';
import { Navigate, Route, Routes } from 'react-router';
import { NotFoundScreen } from '../not-found/NotFoundScreen.tsx';
import { AdminNav } from './AdminNav.tsx';
import { AuditScreen } from './audit/AuditScreen.tsx';
import { ChatLogsScreen } from './chat-logs/ChatLogsScreen.tsx';
import { DashboardScreen } from './dashboard/DashboardScreen.tsx';
import { ModelsScreen } from './models/ModelsScreen.tsx';
import { UsersScreen } from './users/UsersScreen.tsx';

/** Routes the admin console, a separate chunk loaded only for admins. */
export default function AdminArea() {
  return (
    <Stack gap="md">
      <AdminNav />
      <Routes>
        <Route index element={<Navigate to="dashboard" replace />} />
        <Route path="dashboard" element={<DashboardScreen />} />
        <Route path="chat-logs" element={<ChatLogsScreen />} />
        <Route path="models" element={<ModelsScreen />} />
        <Route path="users" element={<UsersScreen />} />
        <Route path="audit" element={<AuditScreen />} />
        <Route path="*" element={<NotFoundScreen />} />
      </Routes>
    </Stack>
  );
}
