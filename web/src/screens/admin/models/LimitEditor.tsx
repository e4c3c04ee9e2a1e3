import { ActionIcon, Group, NumberInput, Tooltip } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { UsageLimit } from '../../../api/types.ts';
import { useApi } from '../../../session/session-context.ts';
import { adminModelKeys } from './query-keys.ts';

/** Edits one model's daily request and token limits; an empty field means unlimited. */
export function LimitEditor({ modelId, limit }: { modelId: string; limit: UsageLimit | null }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [requests, setRequests] = useState<number | string>(limit?.maxRequestsPerDay ?? '');
  const [tokens, setTokens] = useState<number | string>(limit?.maxTokensPerDay ?? '');
  const save = useMutation({
    mutationFn: api.admin.saveUsageLimit,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminModelKeys.limits }),
    meta: { success: `Daily limits of ${modelId} saved.` },
  });

  const next = { modelId, maxRequestsPerDay: toLimit(requests), maxTokensPerDay: toLimit(tokens) };
  const dirty =
    next.maxRequestsPerDay !== (limit?.maxRequestsPerDay ?? null) ||
    next.maxTokensPerDay !== (limit?.maxTokensPerDay ?? null);

  return (
    <Group gap="xs" wrap="nowrap">
      <NumberInput
        aria-label={`Requests per day for ${modelId}`}
        placeholder="unlimited"
        min={0}
        allowDecimal={false}
        thousandSeparator=","
        value={requests}
        onChange={setRequests}
        w={120}
        size="xs"
      />
      <NumberInput
        aria-label={`Tokens per day for ${modelId}`}
        placeholder="unlimited"
        min={0}
        allowDecimal={false}
        thousandSeparator=","
        value={tokens}
        onChange={setTokens}
        w={140}
        size="xs"
      />
      <Tooltip label="Save limits">
        <ActionIcon
          aria-label={`Save limits for ${modelId}`}
          variant={dirty ? 'filled' : 'default'}
          disabled={!dirty}
          loading={save.isPending}
          onClick={() => save.mutate(next)}
        >
          <IconDeviceFloppy size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

function toLimit(value: number | string): number | null {
  return typeof value === 'number' ? value : null;
}
