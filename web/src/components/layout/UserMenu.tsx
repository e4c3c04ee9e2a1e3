import { Avatar, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconKey, IconLogout, IconLogout2 } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi, useCurrentUser, useSession } from '../../session/session-context.ts';

/** The account menu: who is signed in, password change and the two sign-outs. */
export function UserMenu() {
  const user = useCurrentUser();
  const { signOut } = useSession();
  const api = useApi();
  const logoutAll = useMutation({
    mutationFn: api.auth.logoutAll,
    onSuccess: signOut,
    meta: { success: 'Signed out on every device.' },
  });

  return (
    <Menu position="bottom-end" width={240}>
      <Menu.Target>
        <UnstyledButton aria-label="Account menu">
          <Avatar color="indigo" radius="xl" size={34}>
            {user.email.slice(0, 2).toUpperCase()}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={500} truncate>
            {user.email}
          </Text>
          <Text size="xs" c="dimmed">
            {user.role === 'admin' ? 'Administrator' : 'User'}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} to="/change-password" leftSection={<IconKey size={16} />}>
          Change password
        </Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={signOut}>
          Sign out
        </Menu.Item>
        <Menu.Item leftSection={<IconLogout2 size={16} />} onClick={() => logoutAll.mutate()}>
          Sign out everywhere
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
