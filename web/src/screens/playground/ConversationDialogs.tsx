import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ConversationSummary } from '../../api/types.ts';
import { useApi } from '../../session/session-context.ts';
import { playgroundKeys } from './query-keys.ts';

/** The one open conversation dialog, if any. */
export type ConversationDialog =
  | { kind: 'rename'; conversation: ConversationSummary }
  | { kind: 'delete'; conversation: ConversationSummary }
  | null;

interface ConversationDialogsProps {
  dialog: ConversationDialog;
  activeId: number | null;
  onClose: () => void;
}

export function ConversationDialogs({ dialog, activeId, onClose }: ConversationDialogsProps) {
  return (
    <>
      <Modal opened={dialog?.kind === 'rename'} onClose={onClose} title="Rename conversation">
        {dialog?.kind === 'rename' && (
          <RenameForm conversation={dialog.conversation} onDone={onClose} />
        )}
      </Modal>
      <Modal opened={dialog?.kind === 'delete'} onClose={onClose} title="Delete conversation">
        {dialog?.kind === 'delete' && (
          <DeleteConfirmation
            conversation={dialog.conversation}
            activeId={activeId}
            onDone={onClose}
          />
        )}
      </Modal>
    </>
  );
}

function RenameForm({
  conversation,
  onDone,
}: {
  conversation: ConversationSummary;
  onDone: () => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(conversation.title ?? '');
  const rename = useMutation({
    mutationFn: () => api.conversations.rename(conversation.id, title.trim()),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: playgroundKeys.conversations });
      onDone();
    },
    meta: { success: 'Conversation renamed.' },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() !== '') rename.mutate();
  };
  return (
    <form onSubmit={submit}>
      <Stack>
        <TextInput
          label="Title"
          value={title}
          maxLength={200}
          data-autofocus
          onChange={(event) => setTitle(event.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={rename.isPending} disabled={title.trim() === ''}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DeleteConfirmation({
  conversation,
  activeId,
  onDone,
}: {
  conversation: ConversationSummary;
  activeId: number | null;
  onDone: () => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation({
    mutationFn: () => api.conversations.remove(conversation.id),
    onSuccess: async () => {
      if (activeId === conversation.id) navigate('/playground');
      queryClient.removeQueries({ queryKey: playgroundKeys.conversation(conversation.id) });
      await queryClient.invalidateQueries({ queryKey: playgroundKeys.conversations, exact: true });
      onDone();
    },
    meta: { success: 'Conversation deleted.' },
  });
  return (
    <Stack>
      <Text size="sm">
        Delete “{conversation.title ?? 'New conversation'}” and all its messages? This cannot be
        undone.
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
          Delete
        </Button>
      </Group>
    </Stack>
  );
}
