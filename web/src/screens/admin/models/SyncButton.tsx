import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SyncResult } from '../../../api/types.ts';
import { useApi } from '../../../session/session-context.ts';
import { adminModelKeys } from './query-keys.ts';

/** Runs the catalogue sync now and shows what it changed. */
export function SyncButton() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<SyncResult | null>(null);
  const sync = useMutation({
    mutationFn: api.admin.syncModels,
    onSuccess: async (outcome) => {
      setResult(outcome);
      await queryClient.invalidateQueries({ queryKey: adminModelKeys.models });
    },
  });

  return (
    <>
      <Button
        leftSection={<IconRefresh size={16} />}
        loading={sync.isPending}
        onClick={() => sync.mutate()}
      >
        Sync models
      </Button>
      <Modal opened={result !== null} onClose={() => setResult(null)} title="Catalogue synced">
        {result !== null && <SyncSummary result={result} onDone={() => setResult(null)} />}
      </Modal>
    </>
  );
}

function SyncSummary({ result, onDone }: { result: SyncResult; onDone: () => void }) {
  const rows: [string, number][] = [
    ['Upstream entries', result.total],
    ['Added', result.added],
    ['Updated', result.updated],
    ['Became unavailable', result.unavailable],
    ['Skipped (malformed)', result.skipped],
  ];
  return (
    <Stack>
      <Alert color="teal" role="status" aria-label="Sync result">
        {rows.map(([label, value]) => (
          <Group key={label} justify="space-between">
            <Text size="sm">{label}</Text>
            <Text size="sm" fw={600}>
              {value}
            </Text>
          </Group>
        ))}
      </Alert>
      <Text size="xs" c="dimmed">
        New models arrive disabled; enable the ones people may use.
      </Text>
      <Group justify="flex-end">
        <Button onClick={onDone}>Close</Button>
      </Group>
    </Stack>
  );
}
