import { Table } from '@mantine/core';
import type { AdminUser } from '../../../api/types.ts';
import type { UserDialog } from './UserDialogs.tsx';
import { UserRow } from './UserRow.tsx';

interface UserTableProps {
  users: AdminUser[];
  currentUserId: number;
  activeAdmins: number | null;
  onDialog: (dialog: UserDialog) => void;
}

export function UserTable({ users, currentUserId, activeAdmins, onDialog }: UserTableProps) {
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table verticalSpacing="sm" aria-label="Users">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>User</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Active</Table.Th>
            <Table.Th>Requests per minute</Table.Th>
            <Table.Th ta="right">Requests today</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <UserRow
              key={user.id}
              user={user}
              currentUserId={currentUserId}
              activeAdmins={activeAdmins}
              onDialog={onDialog}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
