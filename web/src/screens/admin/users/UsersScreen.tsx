import { Button, Group, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { PageSkeleton } from '../../../components/PageSkeleton.tsx';
import { QueryError } from '../../../components/QueryError.tsx';
import { TablePager } from '../../../components/TablePager.tsx';
import { useApi, useCurrentUser } from '../../../session/session-context.ts';
import { usersKey } from './query-keys.ts';
import { type UserDialog, UserDialogs } from './UserDialogs.tsx';
import { UserTable } from './UserTable.tsx';
import { useActiveAdminCount } from './use-active-admin-count.ts';

const PAGE_SIZE = 20;

/** Accounts: create, role, status, rate limit, password reset and delete. */
export function UsersScreen() {
  const api = useApi();
  const me = useCurrentUser();
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(0);
  const [dialog, setDialog] = useState<UserDialog>(null);
  const activeAdmins = useActiveAdminCount();
  const users = useQuery({
    queryKey: [...usersKey, query, page],
    queryFn: () => api.admin.users({ q: query, page, size: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Users
        </Title>
        <Button
          leftSection={<IconUserPlus size={16} />}
          onClick={() => setDialog({ kind: 'create' })}
        >
          Create user
        </Button>
      </Group>
      <TextInput
        label="Search users"
        placeholder="email"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
          setPage(0);
        }}
        w={300}
      />
      {users.isPending && <PageSkeleton rows={5} />}
      {users.isError && <QueryError error={users.error} onRetry={() => users.refetch()} />}
      {users.data !== undefined && (
        <>
          <UserTable
            users={users.data.items}
            currentUserId={me.id}
            activeAdmins={activeAdmins}
            onDialog={setDialog}
          />
          <TablePager page={page} size={PAGE_SIZE} total={users.data.total} onChange={setPage} />
        </>
      )}
      <UserDialogs dialog={dialog} onDialog={setDialog} />
    </Stack>
  );
}
