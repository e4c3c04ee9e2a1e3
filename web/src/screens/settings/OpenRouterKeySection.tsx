import { Alert, Badge, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { ApiKeyStatus } from '../../api/types.ts';
import { formatDateTime } from '../../components/format.ts';
import { PageSkeleton } from '../../components/PageSkeleton.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { useApi } from '../../session/session-context.ts';
import { SettingsSection } from './SettingsSection.tsx';

const statusKey = ['user', 'api-key'] as const;

/** Shows the status of the user's OpenRouter key (never the key) and sets, replaces or removes it. */
export function OpenRouterKeySection() {
  const api = useApi();
  const status = useQuery({ queryKey: statusKey, queryFn: api.user.apiKeyStatus });

  return (
    <SettingsSection
      id="openrouter-key"
      title="OpenRouter key"
      description="Your own key for OpenRouter, stored encrypted. The gateway never shows it again."
    >
      {status.isPending && <PageSkeleton rows={1} />}
      {status.isError && <QueryError error={status.error} onRetry={() => status.refetch()} />}
      {status.data !== undefined && (
        <Stack gap="md">
          <KeyStatus status={status.data} />
          <KeyForm configured={status.data.configured} />
        </Stack>
      )}
    </SettingsSection>
  );
}

function KeyStatus({ status }: { status: ApiKeyStatus }) {
  if (!status.configured) {
    return (
      <Text size="sm" c="dimmed">
        No key stored. Chats need one.
      </Text>
    );
  }
  return (
    <Group gap="xs">
      <Text size="sm" aria-label="Stored key">
        Key ending in <strong>{status.last4}</strong>
      </Text>
      {status.verified === true ? (
        <Badge color="teal">verified</Badge>
      ) : (
        <Badge color="yellow">not verified</Badge>
      )}
      <Text size="xs" c="dimmed">
        updated {formatDateTime(status.updatedAt)}
      </Text>
    </Group>
  );
}

function KeyForm({ configured }: { configured: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [apiKey, setApiKey] = useState('');
  const [unverified, setUnverified] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: statusKey });

  const save = useMutation({
    mutationFn: api.user.saveApiKey,
    onSuccess: async (result) => {
      setApiKey('');
      setUnverified(result.verified ? null : result.message);
      await refresh();
    },
    meta: { inlineErrors: true, success: 'OpenRouter key stored.' },
  });
  const remove = useMutation({
    mutationFn: api.user.deleteApiKey,
    onSuccess: async () => {
      setUnverified(null);
      await refresh();
    },
    meta: { success: 'OpenRouter key removed.' },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (apiKey.trim() !== '') save.mutate(apiKey.trim());
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="sm" maw={520}>
        {unverified !== null && (
          <Alert
            color="yellow"
            icon={<IconAlertTriangle aria-hidden />}
            title="Stored without a check"
          >
            {unverified}
          </Alert>
        )}
        <PasswordInput
          label={configured ? 'New OpenRouter key' : 'OpenRouter key'}
          placeholder="sk-or-…"
          autoComplete="off"
          value={apiKey}
          onChange={(event) => setApiKey(event.currentTarget.value)}
          error={save.error?.message}
        />
        <Group gap="sm">
          <Button type="submit" loading={save.isPending} disabled={apiKey.trim() === ''}>
            {configured ? 'Replace key' : 'Save key'}
          </Button>
          {configured && (
            <Button
              variant="light"
              color="red"
              loading={remove.isPending}
              onClick={() => remove.mutate()}
            >
              Remove key
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
