import { ActionIcon, Group, NumberInput } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState } from 'react';
import type { AdminUser } from '../../../api/types.ts';
import { useApi } from '../../../session/session-context.ts';
import { useUserUpdate } from './use-user-update.ts';

/** Edits the per-user override of RATE_LIMIT_PER_MINUTE. An empty field means the default. */
export function RateLimitEditor({ user }: { user: AdminUser }) {
  const api = useApi();
  const [value, setValue] = useState<number | string>(user.requestsPerMinute ?? '');
  const save = useUserUpdate(
    (limit: number | null) => api.admin.setRateLimit(user.id, limit),
    `Rate limit of ${user.email} saved.`,
  );
  const next = typeof value === 'number' ? value : null;
  const dirty = next !== user.requestsPerMinute;

  return (
    <Group gap="xs" wrap="nowrap">
      <NumberInput
        aria-label={`Requests per minute for ${user.email}`}
        placeholder="default"
        min={0}
        allowDecimal={false}
        value={value}
        onChange={setValue}
        size="xs"
        w={100}
      />
      <ActionIcon
        aria-label={`Save rate limit for ${user.email}`}
        variant={dirty ? 'filled' : 'default'}
        disabled={!dirty}
        loading={save.isPending}
        onClick={() => save.mutate(next)}
      >
        <IconDeviceFloppy size={16} />
      </ActionIcon>
    </Group>
  );
}
