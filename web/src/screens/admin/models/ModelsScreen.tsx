import { Group, Stack, Switch, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdminModel } from '../../../api/types.ts';
import { PageSkeleton } from '../../../components/PageSkeleton.tsx';
import { QueryError } from '../../../components/QueryError.tsx';
import { useApi } from '../../../session/session-context.ts';
import { ModelTable } from './ModelTable.tsx';
import { adminModelKeys } from './query-keys.ts';
import { SyncButton } from './SyncButton.tsx';

/** Lists the model catalogue to search, enable or disable, limit per day and sync. */
export function ModelsScreen() {
  const api = useApi();
  const [search, setSearch] = useState('');
  const [enabledOnly, setEnabledOnly] = useState(false);
  const models = useQuery({ queryKey: adminModelKeys.models, queryFn: api.admin.models });
  const limits = useQuery({ queryKey: adminModelKeys.limits, queryFn: api.admin.usageLimits });

  const visibleModels = (models.data ?? []).filter(
    (model) => (!enabledOnly || model.enabled) && matches(model, search),
  );

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Models
        </Title>
        <SyncButton />
      </Group>
      <Group align="flex-end">
        <TextInput
          label="Search models"
          placeholder="name or id"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={300}
        />
        <Switch
          label="Enabled only"
          checked={enabledOnly}
          onChange={(event) => setEnabledOnly(event.currentTarget.checked)}
          mb={8}
        />
      </Group>
      {(models.isPending || limits.isPending) && <PageSkeleton rows={5} />}
      {models.isError && <QueryError error={models.error} onRetry={() => models.refetch()} />}
      {limits.isError && <QueryError error={limits.error} onRetry={() => limits.refetch()} />}
      {models.data !== undefined && limits.data !== undefined && (
        <ModelTable models={visibleModels} limits={limits.data} total={models.data.length} />
      )}
    </Stack>
  );
}

function matches(model: AdminModel, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (needle === '') return true;
  return model.modelId.toLowerCase().includes(needle) || model.name.toLowerCase().includes(needle);
}
