import { Badge, Code, Spoiler, Table, Text } from '@mantine/core';
import type { AuditEvent } from '../../../api/types.ts';
import { formatDateTime } from '../../../components/format.ts';

export function AuditTable({ events }: { events: AuditEvent[] }) {
  if (events.length === 0) {
    return (
      <Text c="dimmed" size="sm" py="lg" ta="center">
        No admin action matches these filters.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="sm" aria-label="Audit events">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Target</Table.Th>
            <Table.Th>Change</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Table.Tr key={event.id}>
              <Table.Td>{formatDateTime(event.createdAt)}</Table.Td>
              <Table.Td>{event.actorEmail ?? 'system'}</Table.Td>
              <Table.Td>
                <Badge variant="light" tt="none">
                  {event.action}
                </Badge>
              </Table.Td>
              <Table.Td>{targetOf(event)}</Table.Td>
              <Table.Td maw={420}>
                <Change before={event.before} after={event.after} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Change({ before, after }: { before: unknown; after: unknown }) {
  return (
    <Spoiler maxHeight={80} showLabel="Show all" hideLabel="Show less">
      <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {`before: ${compact(before)}\nafter:  ${compact(after)}`}
      </Code>
    </Spoiler>
  );
}

function targetOf(event: AuditEvent): string {
  if (event.targetType === null) return '—';
  return event.targetId === null ? event.targetType : `${event.targetType} ${event.targetId}`;
}

function compact(value: unknown): string {
  return value === null || value === undefined ? '—' : JSON.stringify(value);
}
