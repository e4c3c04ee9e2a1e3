import { SimpleGrid, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { PageSkeleton } from '../../../components/PageSkeleton.tsx';
import { QueryError } from '../../../components/QueryError.tsx';
import { useApi } from '../../../session/session-context.ts';
import { DailyCharts } from './DailyCharts.tsx';
import { StatCards } from './StatCards.tsx';
import { TopCharts } from './TopCharts.tsx';

export function DashboardScreen() {
  const api = useApi();
  const stats = useQuery({
    queryKey: ['admin', 'stats'],
    queryFn: api.admin.stats,
    refetchInterval: 30_000,
  });

  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        Dashboard
      </Title>
      {stats.isPending && <PageSkeleton rows={4} />}
      {stats.isError && <QueryError error={stats.error} onRetry={() => stats.refetch()} />}
      {stats.data !== undefined && (
        <>
          <StatCards stats={stats.data} />
          <DailyCharts daily={stats.data.daily} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TopCharts stats={stats.data} />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
