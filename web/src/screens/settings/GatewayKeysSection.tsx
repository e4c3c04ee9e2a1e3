import { Button, Group, Stack, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormAlert } from '../../components/FormAlert.tsx';
import { fieldError, formError } from '../../components/form-errors.ts';
import { PageSkeleton } from '../../components/PageSkeleton.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { useApi } from '../../session/session-context.ts';
import { type GatewayKeyDialog, GatewayKeyDialogs } from './GatewayKeyDialogs.tsx';
import { GatewayKeyTable } from './GatewayKeyTable.tsx';
import { gatewayKeysKey } from './query-keys.ts';
import { SettingsSection } from './SettingsSection.tsx';

/** Keys for OpenAI clients on `/v1/*`: create (shown once), list, revoke. */
export function GatewayKeysSection() {
  const api = useApi();
  const keys = useQuery({ queryKey: gatewayKeysKey, queryFn: api.user.gatewayKeys });
  const [dialog, setDialog] = useState<GatewayKeyDialog>(null);

  return (
    <SettingsSection
      id="gateway-keys"
      title="Gateway API keys"
      description="Use these with any OpenAI client pointed at this gateway's /v1 address."
    >
      <Stack gap="md">
        <CreateKeyForm onCreated={(key) => setDialog({ kind: 'created', key })} />
        {keys.isPending && <PageSkeleton rows={1} />}
        {keys.isError && <QueryError error={keys.error} onRetry={() => keys.refetch()} />}
        {keys.data !== undefined && (
          <GatewayKeyTable
            keys={keys.data}
            onRevoke={(key) => setDialog({ kind: 'revoke', key })}
          />
        )}
      </Stack>
      <GatewayKeyDialogs dialog={dialog} onClose={() => setDialog(null)} />
    </SettingsSection>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (key: { name: string; key: string }) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const create = useMutation({
    mutationFn: api.user.createGatewayKey,
    onSuccess: async (created) => {
      setName('');
      setExpiresOn('');
      onCreated(created);
      await queryClient.invalidateQueries({ queryKey: gatewayKeysKey });
    },
    meta: { inlineErrors: true },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') return;
    const expiresAt =
      expiresOn === '' ? undefined : new Date(`${expiresOn}T23:59:59Z`).toISOString();
    create.mutate({ name: name.trim(), expiresAt });
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <FormAlert message={formError(create.error, ['name', 'expiresAt'])} />
        <Group align="flex-start" gap="sm">
          <TextInput
            label="Key name"
            placeholder="laptop, CI, notebook…"
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.currentTarget.value)}
            error={fieldError(create.error, 'name')}
            w={240}
          />
          <TextInput
            label="Expires on (optional)"
            type="date"
            value={expiresOn}
            onChange={(event) => setExpiresOn(event.currentTarget.value)}
            error={fieldError(create.error, 'expiresAt')}
            w={190}
          />
          <Button
            type="submit"
            mt={25}
            leftSection={<IconPlus size={16} />}
            loading={create.isPending}
            disabled={name.trim() === ''}
          >
            Create key
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
