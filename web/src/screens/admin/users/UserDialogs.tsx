import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { AdminUser } from '../../../api/types.ts';
import { SecretReveal } from '../../../components/SecretReveal.tsx';
import { useApi } from '../../../session/session-context.ts';
import { CreateUserForm } from './CreateUserForm.tsx';
import { useUserUpdate } from './use-user-update.ts';

/** The one open dialog of the users screen. */
export type UserDialog =
  | { kind: 'create' }
  | { kind: 'reset'; user: AdminUser }
  | { kind: 'temporary-password'; email: string; password: string }
  | { kind: 'delete'; user: AdminUser }
  | null;

interface UserDialogsProps {
  dialog: UserDialog;
  onDialog: (dialog: UserDialog) => void;
}

export function UserDialogs({ dialog, onDialog }: UserDialogsProps) {
  const close = () => onDialog(null);
  return (
    <>
      <Modal opened={dialog?.kind === 'create'} onClose={close} title="Create user">
        {dialog?.kind === 'create' && <CreateUserForm onDone={close} />}
      </Modal>
      <Modal opened={dialog?.kind === 'reset'} onClose={close} title="Reset password">
        {dialog?.kind === 'reset' && <ResetConfirmation user={dialog.user} onDialog={onDialog} />}
      </Modal>
      <Modal
        opened={dialog?.kind === 'temporary-password'}
        onClose={close}
        title="Temporary password"
        size="lg"
      >
        {dialog?.kind === 'temporary-password' && (
          <Stack>
            <Alert color="yellow">
              Give this password to {dialog.email}. It is shown only once, and they must change it
              when they sign in.
            </Alert>
            <SecretReveal secret={dialog.password} label="Temporary password" />
            <Group justify="flex-end">
              <Button onClick={close}>Done</Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <Modal opened={dialog?.kind === 'delete'} onClose={close} title="Delete user">
        {dialog?.kind === 'delete' && <DeleteConfirmation user={dialog.user} onDone={close} />}
      </Modal>
    </>
  );
}

function ResetConfirmation({
  user,
  onDialog,
}: {
  user: AdminUser;
  onDialog: (dialog: UserDialog) => void;
}) {
  const api = useApi();
  const reset = useUserUpdate(
    () => api.admin.resetPassword(user.id),
    `Password of ${user.email} reset.`,
  );
  const confirm = () =>
    reset.mutate(undefined, {
      onSuccess: ({ temporaryPassword }) =>
        onDialog({ kind: 'temporary-password', email: user.email, password: temporaryPassword }),
    });
  return (
    <Stack>
      <Text size="sm">
        Reset the password of {user.email}? Their sessions and gateway keys stop working, and they
        must choose a new password at the next sign-in.
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={() => onDialog(null)}>
          Cancel
        </Button>
        <Button color="orange" loading={reset.isPending} onClick={confirm}>
          Reset password
        </Button>
      </Group>
    </Stack>
  );
}

function DeleteConfirmation({ user, onDone }: { user: AdminUser; onDone: () => void }) {
  const api = useApi();
  const remove = useUserUpdate(() => api.admin.deleteUser(user.id), `${user.email} deleted.`);
  return (
    <Stack>
      <Text size="sm">
        Delete {user.email}? Their conversations, keys, preferences and usage are removed; their
        chat-log rows stay, with the email.
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button
          color="red"
          loading={remove.isPending}
          onClick={() => remove.mutate(undefined, { onSuccess: onDone })}
        >
          Delete user
        </Button>
      </Group>
    </Stack>
  );
}
