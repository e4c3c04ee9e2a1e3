import { Group, Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ChatLog, ChatLogFilter } from '../../../api/types.ts';
import { PageSkeleton } from '../../../components/PageSkeleton.tsx';
import { QueryError } from '../../../components/QueryError.tsx';
import { TablePager } from '../../../components/TablePager.tsx';
import { useApi } from '../../../session/session-context.ts';
import { ChatLogDrawer } from './ChatLogDrawer.tsx';
import { ChatLogFilters, emptyChatLogFilter } from './ChatLogFilters.tsx';
import { ChatLogTable } from './ChatLogTable.tsx';
import { ExportButton } from './ExportButton.tsx';

const PAGE_SIZE = 20;

/** Lists every chat-route request, filtered by the server, with details and CSV export. */
export function ChatLogsScreen() {
  const api = useApi();
  const [filter, setFilter] = useState<ChatLogFilter>(emptyChatLogFilter);
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<ChatLog | null>(null);
  const logs = useQuery({
    queryKey: ['admin', 'chat-logs', filter, page],
    queryFn: () => api.admin.chatLogs(filter, { page, size: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  const applyFilter = (next: ChatLogFilter) => {
    setFilter(next);
    setPage(0);
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Chat logs
        </Title>
        <ExportButton filter={filter} />
      </Group>
      <ChatLogFilters value={filter} onApply={applyFilter} />
      {logs.isPending && <PageSkeleton rows={5} />}
      {logs.isError && <QueryError error={logs.error} onRetry={() => logs.refetch()} />}
      {logs.data !== undefined && (
        <>
          <ChatLogTable logs={logs.data.items} onSelect={setSelected} />
          <TablePager page={page} size={PAGE_SIZE} total={logs.data.total} onChange={setPage} />
        </>
      )}
      <ChatLogDrawer log={selected} onClose={() => setSelected(null)} />
    </Stack>
  );
}
