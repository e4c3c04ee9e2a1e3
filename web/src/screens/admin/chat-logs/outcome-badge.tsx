import { Badge } from '@mantine/core';

const colors: Record<string, string> = {
  ok: 'teal',
  client_aborted: 'gray',
  rejected: 'orange',
  upstream_truncated: 'yellow',
};

/** Shows a request's outcome: `ok`, `client_aborted`, `rejected` or an upstream failure. */
export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <Badge color={colors[outcome] ?? 'red'} variant="light">
      {outcome.replaceAll('_', ' ')}
    </Badge>
  );
}
