import { Button, Code, Table, Text, VisuallyHidden } from '@mantine/core';
import type { GatewayKey } from '../../api/types.ts';
import { formatDateTime } from '../../components/format.ts';

export function GatewayKeyTable({
  keys,
  onRevoke,
}: {
  keys: GatewayKey[];
  onRevoke: (key: GatewayKey) => void;
}) {
  if (keys.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No gateway keys yet.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={620}>
      <Table verticalSpacing="xs" aria-label="Gateway API keys">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((key) => (
            <Table.Tr key={key.id}>
              <Table.Td>{key.name}</Table.Td>
              <Table.Td>
                <Code>{key.prefix}…</Code>
              </Table.Td>
              <Table.Td>{formatDateTime(key.createdAt)}</Table.Td>
              <Table.Td>
                {key.lastUsedAt === null ? 'never' : formatDateTime(key.lastUsedAt)}
              </Table.Td>
              <Table.Td>
                {key.expiresAt === null ? 'never' : formatDateTime(key.expiresAt)}
              </Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="light"
                  color="red"
                  aria-label={`Revoke ${key.name}`}
                  onClick={() => onRevoke(key)}
                >
                  Revoke
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
