import { Group, Paper, SimpleGrid, Text, ThemeIcon } from '@mantine/core';
import {
  IconAlertTriangle,
  IconClock,
  IconCoins,
  IconMessage,
  IconUsers,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { AdminStats } from '../../../api/types.ts';
import { formatDuration, formatNumber } from '../../../components/format.ts';

/** Today's numbers: users, requests, tokens, errors and latency percentiles. */
export function StatCards({ stats }: { stats: AdminStats }) {
  const { users, today } = stats;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }}>
      <StatCard
        label="Users"
        value={formatNumber(users.total)}
        detail={`${formatNumber(users.active)} active`}
        icon={<IconUsers size={18} />}
      />
      <StatCard
        label="Requests today"
        value={formatNumber(today.requests)}
        icon={<IconMessage size={18} />}
      />
      <StatCard
        label="Tokens today"
        value={formatNumber(today.tokens)}
        icon={<IconCoins size={18} />}
      />
      <StatCard
        label="Errors today"
        value={formatNumber(today.errors)}
        detail={errorRate(today.errors, today.requests)}
        icon={<IconAlertTriangle size={18} />}
        color={today.errors > 0 ? 'red' : 'teal'}
      />
      <StatCard
        label="Latency p50 / p95"
        value={`${formatDuration(today.latencyP50Ms)} / ${formatDuration(today.latencyP95Ms)}`}
        icon={<IconClock size={18} />}
      />
    </SimpleGrid>
  );
}

interface StatCardProps {
  label: string;
  value: string;
  detail?: string;
  icon: ReactNode;
  color?: string;
}

function StatCard({ label, value, detail, icon, color = 'indigo' }: StatCardProps) {
  return (
    <Paper withBorder p="md" role="group" aria-label={label}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {label}
        </Text>
        <ThemeIcon variant="light" color={color} size="md" aria-hidden>
          {icon}
        </ThemeIcon>
      </Group>
      <Text fw={700} size="xl" mt="xs">
        {value}
      </Text>
      {detail !== undefined && (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      )}
    </Paper>
  );
}

function errorRate(errors: number, requests: number): string {
  if (requests === 0) return 'no requests yet';
  return `${((errors / requests) * 100).toFixed(1)}% of requests`;
}
