import { Button, Table, Text } from '@mantine/core';
import type { ChatLog } from '../../../api/types.ts';
import { formatDateTime, formatDuration, formatNumber } from '../../../components/format.ts';
import { OutcomeBadge } from './outcome-badge.tsx';

export function ChatLogTable({
  logs,
  onSelect,
}: {
  logs: ChatLog[];
  onSelect: (log: ChatLog) => void;
}) {
  if (logs.length === 0) {
    return (
      <Text c="dimmed" size="sm" py="lg" ta="center">
        No request matches these filters.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label="Chat logs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>User</Table.Th>
            <Table.Th>Model</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th>Outcome</Table.Th>
            <Table.Th ta="right">Tokens</Table.Th>
            <Table.Th ta="right">Latency</Table.Th>
            <Table.Th>Details</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {logs.map((log) => (
            <Table.Tr key={log.id}>
              <Table.Td>{formatDateTime(log.createdAt)}</Table.Td>
              <Table.Td>{log.userEmail}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{log.model}</Table.Td>
              <Table.Td>{log.source}</Table.Td>
              <Table.Td>
                <OutcomeBadge outcome={log.outcome} />
              </Table.Td>
              <Table.Td ta="right">{formatNumber(log.totalTokens)}</Table.Td>
              <Table.Td ta="right">{formatDuration(log.latencyMs)}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="light"
                  aria-label={`Details of request ${log.id}`}
                  onClick={() => onSelect(log)}
                >
                  View
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
