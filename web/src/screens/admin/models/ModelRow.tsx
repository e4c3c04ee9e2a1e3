import { Badge, Group, Stack, Switch, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AdminModel, UsageLimit } from '../../../api/types.ts';
import { formatDateTime, formatNumber } from '../../../components/format.ts';
import { useApi } from '../../../session/session-context.ts';
import { LimitEditor } from './LimitEditor.tsx';
import { adminModelKeys } from './query-keys.ts';

export function ModelRow({ model, limit }: { model: AdminModel; limit: UsageLimit | null }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => api.admin.toggleModel(model.modelId, enabled),
    onSuccess: (row) =>
      queryClient.setQueryData<AdminModel[]>(adminModelKeys.models, (rows) =>
        rows?.map((item) => (item.modelId === row.modelId ? row : item)),
      ),
  });

  return (
    <Table.Tr>
      <Table.Td>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {model.name}
          </Text>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {model.modelId}
          </Text>
          <ModelBadges model={model} />
        </Stack>
      </Table.Td>
      <Table.Td>{formatNumber(model.contextLength)}</Table.Td>
      <Table.Td>
        <Switch
          aria-label={`Enable ${model.modelId}`}
          checked={toggle.isPending ? toggle.variables : model.enabled}
          disabled={toggle.isPending}
          onChange={(event) => toggle.mutate(event.currentTarget.checked)}
        />
      </Table.Td>
      <Table.Td>
        <LimitEditor modelId={model.modelId} limit={limit} />
      </Table.Td>
    </Table.Tr>
  );
}

function ModelBadges({ model }: { model: AdminModel }) {
  return (
    <Group gap={4}>
      {model.free && (
        <Badge size="xs" color="teal" variant="light">
          free
        </Badge>
      )}
      {model.supportsTools && (
        <Badge size="xs" color="indigo" variant="light">
          tools
        </Badge>
      )}
      {!model.available && (
        <Badge size="xs" color="red" variant="light">
          unavailable
        </Badge>
      )}
      {model.expiresAt !== null && (
        <Badge size="xs" color="yellow" variant="light">
          expires {formatDateTime(model.expiresAt)}
        </Badge>
      )}
    </Group>
  );
}
