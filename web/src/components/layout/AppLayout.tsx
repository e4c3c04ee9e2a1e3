import { Anchor, AppShell, Burger, Drawer, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBuildingCastle } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { MainNav } from './MainNav.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';
import { UserMenu } from './UserMenu.tsx';

/** Frames the signed-in screens with a header: navigation, theme switch, account menu. */
export function AppLayout() {
  const [drawerOpen, drawer] = useDisclosure(false);
  const { pathname } = useLocation();

  useEffect(() => {
    if (pathname) drawer.close();
  }, [pathname, drawer]);

  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={drawerOpen}
              onClick={drawer.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Open navigation"
            />
            <Anchor component={Link} to="/playground" c="inherit" underline="never">
              <Group gap={6} wrap="nowrap">
                <IconBuildingCastle size={22} aria-hidden />
                <Text fw={700}>Portcullis</Text>
              </Group>
            </Anchor>
            <Group visibleFrom="sm" gap={4} ml="md">
              <MainNav orientation="horizontal" />
            </Group>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ThemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <Drawer opened={drawerOpen} onClose={drawer.close} title="Navigation" size="xs">
        <Stack gap={4}>
          <MainNav orientation="vertical" />
        </Stack>
      </Drawer>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
