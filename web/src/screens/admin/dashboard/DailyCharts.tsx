import { AreaChart, BarChart } from '@mantine/charts';
import { SimpleGrid } from '@mantine/core';
import type { AdminStats } from '../../../api/types.ts';
import { formatNumber } from '../../../components/format.ts';
import { ChartCard } from './ChartCard.tsx';

/** Requests, errors and tokens per day over the last 30 days. */
export function DailyCharts({ daily }: { daily: AdminStats['daily'] }) {
  const data = daily.map((row) => ({ ...row, day: row.day.slice(5) }));
  const requests = daily.reduce((sum, row) => sum + row.requests, 0);
  const errors = daily.reduce((sum, row) => sum + row.errors, 0);
  const tokens = daily.reduce((sum, row) => sum + row.tokens, 0);

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <ChartCard
        title="Requests per day"
        summary={`${formatNumber(requests)} requests and ${formatNumber(errors)} errors in the last ${daily.length} days.`}
      >
        <AreaChart
          h={240}
          data={data}
          dataKey="day"
          series={[
            { name: 'requests', label: 'Requests', color: 'indigo.6' },
            { name: 'errors', label: 'Errors', color: 'red.6' },
          ]}
          curveType="monotone"
          withLegend
          tickLine="none"
          gridAxis="y"
        />
      </ChartCard>
      <ChartCard
        title="Tokens per day"
        summary={`${formatNumber(tokens)} tokens in the last ${daily.length} days.`}
      >
        <BarChart
          h={240}
          data={data}
          dataKey="day"
          series={[{ name: 'tokens', label: 'Tokens', color: 'teal.6' }]}
          tickLine="none"
          gridAxis="y"
          valueFormatter={(value) => formatNumber(value)}
        />
      </ChartCard>
    </SimpleGrid>
  );
}
