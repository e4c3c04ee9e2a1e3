import { Badge, Button, Group, Select, Stack, Switch, Table, Text, Tooltip } from '@mantine/core';
import { IconKey, IconTrash } from '@tabler/icons-react';
import type { AdminUser, Role } from '../../../api/types.ts';
import { formatDateTime, formatNumber } from '../../../components/format.ts';
import { useApi } from '../../../session/session-context.ts';
import { protectionsOf, reasonsOf } from './protections.ts';
import { RateLimitEditor } from './RateLimitEditor.tsx';
import type { UserDialog } from './UserDialogs.tsx';
import { useUserUpdate } from './use-user-update.ts';

interface UserRowProps {
  user: AdminUser;
  currentUserId: number;
  activeAdmins: number | null;
  onDialog: (dialog: UserDialog) => void;
}

export function UserRow({ user, currentUserId, activeAdmins, onDialog }: UserRowProps) {
  const api = useApi();
  const protections = protectionsOf(user, currentUserId, activeAdmins);
  const reasonId = `user-${user.id}-protection`;
  const reasons = reasonsOf(protections);
  const describedBy = reasons.length > 0 ? reasonId : undefined;
  const setRole = useUserUpdate(
    (role: Role) => api.admin.setRole(user.id, role),
    `Role of ${user.email} changed.`,
  );
  const setStatus = useUserUpdate(
    (active: boolean) => api.admin.setStatus(user.id, active ? 'active' : 'disabled'),
    `Status of ${user.email} changed.`,
  );

  return (
    <Table.Tr>
      <Table.Td>
        <Stack gap={2}>
          <Group gap={6}>
            <Text size="sm" fw={500}>
              {user.email}
            </Text>
            {user.id === currentUserId && <Badge size="xs">you</Badge>}
            {user.hasApiKey && (
              <Badge size="xs" variant="light" color="gray">
                key stored
              </Badge>
            )}
            {user.mustChangePassword && (
              <Badge size="xs" variant="light" color="yellow">
                must change password
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            created {formatDateTime(user.createdAt)}
          </Text>
          {reasons.length > 0 && (
            <Text size="xs" c="dimmed" id={reasonId}>
              {reasons.join(' ')}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={`Role of ${user.email}`}
          aria-describedby={describedBy}
          data={[
            { value: 'user', label: 'User' },
            { value: 'admin', label: 'Admin' },
          ]}
          value={setRole.isPending ? (setRole.variables ?? user.role) : user.role}
          onChange={(role) => role !== null && role !== user.role && setRole.mutate(role as Role)}
          disabled={protections.role !== undefined || setRole.isPending}
          allowDeselect={false}
          size="xs"
          w={110}
        />
      </Table.Td>
      <Table.Td>
        <Switch
          aria-label={`${user.email} is active`}
          aria-describedby={describedBy}
          checked={setStatus.isPending ? setStatus.variables : user.status === 'active'}
          disabled={protections.status !== undefined || setStatus.isPending}
          onChange={(event) => setStatus.mutate(event.currentTarget.checked)}
        />
      </Table.Td>
      <Table.Td>
        <RateLimitEditor user={user} />
      </Table.Td>
      <Table.Td ta="right">{formatNumber(user.requestsToday)}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconKey size={14} />}
            aria-label={`Reset password of ${user.email}`}
            onClick={() => onDialog({ kind: 'reset', user })}
          >
            Reset password
          </Button>
          <Tooltip label={protections.remove ?? `Delete ${user.email}`}>
            <Button
              size="xs"
              variant="light"
              color="red"
              leftSection={<IconTrash size={14} />}
              aria-label={`Delete ${user.email}`}
              aria-describedby={describedBy}
              disabled={protections.remove !== undefined}
              onClick={() => onDialog({ kind: 'delete', user })}
            >
              Delete
            </Button>
          </Tooltip>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
