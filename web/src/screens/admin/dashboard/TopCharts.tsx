import { BarChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import type { AdminStats } from '../../../api/types.ts';
import { ChartCard } from './ChartCard.tsx';

/** Charts the busiest models and users by request count. */
export function TopCharts({ stats }: { stats: AdminStats }) {
  const models = stats.topModels.map((row) => ({ name: row.modelId, requests: row.requests }));
  const users = stats.topUsers.map((row) => ({ name: row.email, requests: row.requests }));
  return (
    <>
      <TopChart title="Top models" rows={models} />
      <TopChart title="Top users" rows={users} />
    </>
  );
}

function TopChart({ title, rows }: { title: string; rows: { name: string; requests: number }[] }) {
  const summary =
    rows.length === 0
      ? 'No requests yet.'
      : rows.map((row) => `${row.name}: ${row.requests}`).join(', ');
  return (
    <ChartCard title={title} summary={summary}>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed" h={80}>
          No requests yet.
        </Text>
      ) : (
        <BarChart
          h={Math.max(140, rows.length * 36)}
          data={rows}
          dataKey="name"
          orientation="vertical"
          yAxisProps={{ width: 160 }}
          series={[{ name: 'requests', label: 'Requests', color: 'indigo.6' }]}
          gridAxis="x"
        />
      )}
    </ChartCard>
  );
}
