import { Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** Frames a chart with its title and `summary`, a text equivalent for screen readers. */
export function ChartCard({
  title,
  summary,
  children,
}: {
  title: string;
  summary: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" component="figure" m={0} aria-label={title}>
      <Title order={2} size="h5" mb="sm">
        {title}
      </Title>
      <div aria-hidden>{children}</div>
      <Text component="figcaption" size="xs" c="dimmed" mt="xs">
        {summary}
      </Text>
    </Paper>
  );
}
