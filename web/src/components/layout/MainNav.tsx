import { Button } from '@mantine/core';
import { IconMessages, IconSettings, IconShieldLock } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { useCurrentUser } from '../../session/session-context.ts';

const links = [
  { to: '/playground', label: 'Playground', icon: IconMessages, adminOnly: false },
  { to: '/settings', label: 'Settings', icon: IconSettings, adminOnly: false },
  { to: '/admin/dashboard', label: 'Admin', icon: IconShieldLock, adminOnly: true },
];

/** Links to the top-level screens; the admin link only for admins. */
export function MainNav({ orientation }: { orientation: 'horizontal' | 'vertical' }) {
  const user = useCurrentUser();
  const { pathname } = useLocation();
  const visible = links.filter((link) => !link.adminOnly || user.role === 'admin');
  return (
    <nav aria-label="Main" style={{ display: 'contents' }}>
      {visible.map(({ to, label, icon: Icon }) => {
        const section = `/${to.split('/')[1]}`;
        const active = pathname === section || pathname.startsWith(`${section}/`);
        return (
          <Button
            key={to}
            component={Link}
            to={to}
            variant={active ? 'light' : 'subtle'}
            color={active ? undefined : 'gray'}
            leftSection={<Icon size={18} aria-hidden />}
            justify={orientation === 'vertical' ? 'flex-start' : 'center'}
            fullWidth={orientation === 'vertical'}
            aria-current={active ? 'page' : undefined}
          >
            {label}
          </Button>
        );
      })}
    </nav>
  );
}
