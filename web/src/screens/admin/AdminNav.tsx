import { Button, ScrollArea } from '@mantine/core';
import {
  IconChartBar,
  IconCpu,
  IconHistory,
  IconMessageSearch,
  IconUsers,
} from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';

const sections = [
  { to: '/admin/dashboard', label: 'Dashboard', icon: IconChartBar },
  { to: '/admin/chat-logs', label: 'Chat logs', icon: IconMessageSearch },
  { to: '/admin/models', label: 'Models', icon: IconCpu },
  { to: '/admin/users', label: 'Users', icon: IconUsers },
  { to: '/admin/audit', label: 'Audit', icon: IconHistory },
];

export function AdminNav() {
  const { pathname } = useLocation();
  return (
    <ScrollArea type="never">
      <nav aria-label="Admin" style={{ display: 'flex', gap: 4 }}>
        {sections.map(({ to, label, icon: Icon }) => {
          const active = pathname.startsWith(to);
          return (
            <Button
              key={to}
              component={Link}
              to={to}
              size="sm"
              variant={active ? 'filled' : 'default'}
              leftSection={<Icon size={16} aria-hidden />}
              aria-current={active ? 'page' : undefined}
              style={{ flexShrink: 0 }}
            >
              {label}
            </Button>
          );
        })}
      </nav>
    </ScrollArea>
  );
}
