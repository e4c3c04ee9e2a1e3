import { Progress, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ModelUsage } from '../../api/types.ts';
import { formatDateTime, formatLimit, formatNumber } from '../../components/format.ts';
import { PageSkeleton } from '../../components/PageSkeleton.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { useApi } from '../../session/session-context.ts';
import { playgroundKeys } from '../playground/query-keys.ts';
import { SettingsSection } from './SettingsSection.tsx';

/** Today's requests and tokens per model against the daily limits. */
export function UsageSection() {
  const api = useApi();
  const usage = useQuery({ queryKey: playgroundKeys.usage, queryFn: api.user.usage });

  return (
    <SettingsSection id="usage" title="Usage today">
      {usage.isPending && <PageSkeleton rows={2} />}
      {usage.isError && <QueryError error={usage.error} onRetry={() => usage.refetch()} />}
      {usage.data !== undefined && (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Day {usage.data.day} ({usage.data.timezone}); the counts reset at{' '}
            {formatDateTime(usage.data.resetAt)}.
          </Text>
          {usage.data.models.length === 0 ? (
            <Text size="sm">No requests today.</Text>
          ) : (
            <UsageTable models={usage.data.models} />
          )}
        </Stack>
      )}
    </SettingsSection>
  );
}

function UsageTable({ models }: { models: ModelUsage[] }) {
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Model</Table.Th>
            <Table.Th>Requests</Table.Th>
            <Table.Th>Tokens</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {models.map((model) => (
            <Table.Tr key={model.modelId}>
              <Table.Td>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {model.modelId}
                </Text>
              </Table.Td>
              <Table.Td>
                <Meter used={model.requests} limit={model.maxRequestsPerDay} label="requests" />
              </Table.Td>
              <Table.Td>
                <Meter used={model.totalTokens} limit={model.maxTokensPerDay} label="tokens" />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Meter({ used, limit, label }: { used: number; limit: number | null; label: string }) {
  let percent = 0;
  if (limit === 0) percent = 100;
  else if (limit !== null) percent = Math.min(100, (used / limit) * 100);
  return (
    <Stack gap={4}>
      <Text size="sm">
        {formatNumber(used)} / {formatLimit(limit)}
      </Text>
      {limit !== null && (
        <Progress
          value={percent}
          color={meterColor(percent)}
          aria-label={`${label} used of the daily limit`}
          size="sm"
        />
      )}
    </Stack>
  );
}

function meterColor(percent: number): string {
  if (percent >= 90) return 'red';
  if (percent >= 70) return 'yellow';
  return 'teal';
}
