import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { GatewayKey } from '../../api/types.ts';
import { SecretReveal } from '../../components/SecretReveal.tsx';
import { useApi } from '../../session/session-context.ts';
import { gatewayKeysKey } from './query-keys.ts';

/** The one open gateway-key dialog: a key just created, or a revocation to confirm. */
export type GatewayKeyDialog =
  | { kind: 'created'; key: { name: string; key: string } }
  | { kind: 'revoke'; key: GatewayKey }
  | null;

export function GatewayKeyDialogs({
  dialog,
  onClose,
}: {
  dialog: GatewayKeyDialog;
  onClose: () => void;
}) {
  return (
    <>
      <Modal
        opened={dialog?.kind === 'created'}
        onClose={onClose}
        title="Gateway key created"
        size="lg"
      >
        {dialog?.kind === 'created' && <CreatedKey secret={dialog.key.key} onDone={onClose} />}
      </Modal>
      <Modal opened={dialog?.kind === 'revoke'} onClose={onClose} title="Revoke gateway key">
        {dialog?.kind === 'revoke' && (
          <RevokeConfirmation gatewayKey={dialog.key} onDone={onClose} />
        )}
      </Modal>
    </>
  );
}

function CreatedKey({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <Stack>
      <Alert color="yellow">Copy this key now. It will not be shown again.</Alert>
      <SecretReveal secret={secret} label="New gateway key" />
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}

function RevokeConfirmation({
  gatewayKey,
  onDone,
}: {
  gatewayKey: GatewayKey;
  onDone: () => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => api.user.revokeGatewayKey(gatewayKey.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: gatewayKeysKey });
      onDone();
    },
    meta: { success: 'Gateway key revoked.' },
  });
  return (
    <Stack>
      <Text size="sm">Revoke “{gatewayKey.name}”? Clients using it get 401 from now on.</Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate()}>
          Revoke
        </Button>
      </Group>
    </Stack>
  );
}
