import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBuildingCastle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ThemeToggle } from './layout/ThemeToggle.tsx';

/** The centered card of the sign-in, registration and password screens. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md">
      <Stack w="100%" maw={420} gap="md">
        <Group justify="space-between">
          <Group gap={6}>
            <IconBuildingCastle size={26} aria-hidden />
            <Text fw={700} size="lg">
              Portcullis
            </Text>
          </Group>
          <ThemeToggle />
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <Title order={1} size="h3" mb="lg">
            {title}
          </Title>
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}
