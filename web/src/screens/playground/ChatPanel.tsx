import { Box, Button, EmptyState, Stack } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { IconMessageCircle, IconPlugConnected } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { UserModel } from '../../api/types.ts';
import { PageSkeleton } from '../../components/PageSkeleton.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { useApi } from '../../session/session-context.ts';
import { ChatErrorAlert } from './ChatErrorAlert.tsx';
import { Composer } from './Composer.tsx';
import { MessageList } from './MessageList.tsx';
import { ModelPicker } from './ModelPicker.tsx';
import classes from './Playground.module.css';
import { playgroundKeys } from './query-keys.ts';
import { useReplyStream } from './use-reply-stream.ts';

/** Shows the open conversation (or a new one) with its messages, errors and composer. */
export function ChatPanel({
  conversationId,
  models,
}: {
  conversationId: number | null;
  models: UserModel[];
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const stream = useReplyStream();
  const [text, setText] = useState('');
  const [storedModel, setStoredModel] = useLocalStorage<string | null>({
    key: 'portcullis.playground.model',
    defaultValue: null,
  });
  const enabled = models.filter((model) => model.enabled);
  const newChatModel =
    enabled.find((model) => model.modelId === storedModel)?.modelId ?? enabled[0]?.modelId ?? null;

  const conversation = useQuery({
    queryKey: playgroundKeys.conversation(conversationId ?? 0),
    queryFn: () => api.conversations.get(conversationId ?? 0),
    enabled: conversationId !== null,
  });
  const currentModel = conversation.data?.model ?? newChatModel;

  const startConversation = async (model: string) => {
    const created = await api.conversations.create({ model });
    await queryClient.invalidateQueries({ queryKey: playgroundKeys.conversations, exact: true });
    navigate(`/playground/${created.id}`);
    return created.id;
  };

  const restorePrompt = (prompt: string) =>
    setText((current) => (current === '' ? prompt : current));

  const deliver = async (model: string, prompt: string, target: number | null) => {
    const storedBefore = target === null ? 0 : (conversation.data?.messages.length ?? 0);
    const id = target ?? (await startConversation(model));
    // The prompt goes back into the box together with the alert, because the reload
    // that follows can take a while and the person may want to resend at once.
    await stream.send(id, prompt, storedBefore, restorePrompt);
  };

  const send = () => {
    const prompt = text.trim();
    if (prompt === '' || currentModel === null) return;
    setText('');
    deliver(currentModel, prompt, conversationId).catch((error: Error) => {
      setText(prompt);
      stream.showFailure(conversationId ?? 0, prompt, error);
    });
  };

  const switchModel = (model: string) => {
    const prompt = stream.failure?.prompt ?? '';
    stream.dismissFailure();
    setText('');
    setStoredModel(model);
    // A withdrawn model drops out of the user's list, so reload it.
    queryClient.invalidateQueries({ queryKey: playgroundKeys.models });
    deliver(model, prompt, null).catch((error: Error) => stream.showFailure(0, prompt, error));
  };

  if (enabled.length === 0 && conversationId === null) return <NoModels />;

  const streaming = stream.reply.phase !== 'idle';
  const failure =
    stream.failure !== null && stream.failure.conversationId === (conversationId ?? 0)
      ? stream.failure
      : null;

  return (
    <Stack className={classes.chat} gap="sm">
      <ModelPicker
        models={models}
        value={newChatModel}
        onChange={setStoredModel}
        lockedTo={conversation.data?.model ?? null}
      />
      <Box className={classes.messages}>
        {conversation.isPending && conversationId !== null && <PageSkeleton rows={3} />}
        {conversation.isError && (
          <QueryError error={conversation.error} onRetry={() => conversation.refetch()} />
        )}
        {conversationId === null && !streaming && <NewChatHint />}
        <MessageList
          messages={conversation.data?.messages ?? []}
          reply={
            stream.reply.phase !== 'idle' && stream.reply.conversationId === conversationId
              ? stream.reply
              : { phase: 'idle' }
          }
          lastUsage={stream.lastUsage}
        />
        {failure !== null && (
          <Box mt="sm">
            <ChatErrorAlert
              error={failure.error}
              currentModel={currentModel ?? ''}
              models={models}
              onSwitchModel={switchModel}
              onDismiss={stream.dismissFailure}
            />
          </Box>
        )}
      </Box>
      <Composer
        value={text}
        onChange={setText}
        onSend={send}
        onStop={stream.stop}
        streaming={stream.reply.phase === 'streaming'}
        disabled={currentModel === null}
      />
    </Stack>
  );
}

function NewChatHint() {
  return (
    <EmptyState
      mt="xl"
      icon={<IconMessageCircle aria-hidden />}
      title="Start a conversation"
      description="Pick a model and send a message. Conversations are saved in your list."
    />
  );
}

function NoModels() {
  return (
    <EmptyState
      mt="xl"
      icon={<IconPlugConnected aria-hidden />}
      title="No model enabled"
      description="Switch on at least one of the models your administrator made available."
    >
      <Button component={Link} to="/settings#my-models">
        Choose models in Settings
      </Button>
    </EmptyState>
  );
}
