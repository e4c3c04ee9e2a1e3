import { Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AuditFilter } from '../../../api/types.ts';
import { PageSkeleton } from '../../../components/PageSkeleton.tsx';
import { QueryError } from '../../../components/QueryError.tsx';
import { TablePager } from '../../../components/TablePager.tsx';
import { useApi } from '../../../session/session-context.ts';
import { AuditFilters, emptyAuditFilter } from './AuditFilters.tsx';
import { AuditTable } from './AuditTable.tsx';

const PAGE_SIZE = 20;

/** Lists every admin action, newest first, filtered by action and time. */
export function AuditScreen() {
  const api = useApi();
  const [filter, setFilter] = useState<AuditFilter>(emptyAuditFilter);
  const [page, setPage] = useState(0);
  const events = useQuery({
    queryKey: ['admin', 'audit', filter, page],
    queryFn: () => api.admin.audit(filter, { page, size: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Audit log
      </Title>
      <AuditFilters
        value={filter}
        onApply={(next) => {
          setFilter(next);
          setPage(0);
        }}
      />
      {events.isPending && <PageSkeleton rows={5} />}
      {events.isError && <QueryError error={events.error} onRetry={() => events.refetch()} />}
      {events.data !== undefined && (
        <>
          <AuditTable events={events.data.items} />
          <TablePager page={page} size={PAGE_SIZE} total={events.data.total} onChange={setPage} />
        </>
      )}
    </Stack>
  );
}
