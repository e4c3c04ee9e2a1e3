import { Badge, Group, Stack, Switch, Text } from '@mantine/core';
import { IconTool } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserModel } from '../../api/types.ts';
import { formatNumber } from '../../components/format.ts';
import { PageSkeleton } from '../../components/PageSkeleton.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { useApi } from '../../session/session-context.ts';
import { playgroundKeys } from '../playground/query-keys.ts';
import { SettingsSection } from './SettingsSection.tsx';

/** Lists the admin-enabled models, each with this user's own switch. */
export function MyModelsSection() {
  const api = useApi();
  const models = useQuery({ queryKey: playgroundKeys.models, queryFn: api.user.models });

  return (
    <SettingsSection
      id="my-models"
      title="My models"
      description="The models your administrator made available. Switch on the ones you want in the playground and the API."
    >
      {models.isPending && <PageSkeleton rows={2} />}
      {models.isError && <QueryError error={models.error} onRetry={() => models.refetch()} />}
      {models.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No model is available yet. An administrator has to enable models first.
        </Text>
      )}
      <Stack gap="sm">
        {models.data?.map((model) => (
          <ModelRow key={model.id} model={model} />
        ))}
      </Stack>
    </SettingsSection>
  );
}

function ModelRow({ model }: { model: UserModel }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => api.user.toggleModel(model.id, enabled),
    onSuccess: (row) => {
      queryClient.setQueryData<UserModel[]>(playgroundKeys.models, (rows) =>
        rows?.map((item) => (item.id === row.id ? row : item)),
      );
    },
  });

  return (
    <Group justify="space-between" wrap="nowrap" align="flex-start">
      <Switch
        label={model.name}
        description={model.modelId}
        checked={toggle.isPending ? toggle.variables : model.enabled}
        disabled={toggle.isPending}
        onChange={(event) => toggle.mutate(event.currentTarget.checked)}
      />
      <Group gap={6} justify="flex-end">
        {model.contextLength !== null && (
          <Badge variant="default">{formatNumber(model.contextLength)} context</Badge>
        )}
        {model.supportsTools && (
          <Badge variant="light" leftSection={<IconTool size={12} />}>
            tools
          </Badge>
        )}
      </Group>
    </Group>
  );
}
