import { Stack } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { ConversationMessage, Usage } from '../../api/types.ts';
import { MessageItem, type MessageView } from './MessageItem.tsx';
import type { ReplyState } from './use-reply-stream.ts';

interface MessageListProps {
  messages: ConversationMessage[];
  reply: ReplyState;
  lastUsage: Usage | null;
}

/** Shows the conversation so far, plus the prompt and draft of a reply still streaming. */
export function MessageList({ messages, reply, lastUsage }: MessageListProps) {
  const end = useRef<HTMLDivElement>(null);
  const views = toViews(messages, reply, lastUsage);
  const draftLength = reply.phase === 'idle' ? 0 : reply.draft.length;

  useEffect(() => {
    if (views.length > 0 || draftLength > 0) end.current?.scrollIntoView({ block: 'end' });
  }, [views.length, draftLength]);

  return (
    <Stack gap="sm" role="log" aria-label="Messages" aria-busy={reply.phase !== 'idle'}>
      {views.map((message) => (
        <MessageItem key={message.key} message={message} />
      ))}
      <div ref={end} />
    </Stack>
  );
}

function toViews(
  messages: ConversationMessage[],
  reply: ReplyState,
  lastUsage: Usage | null,
): MessageView[] {
  const stored: MessageView[] = messages.map((message) => ({
    key: String(message.id),
    role: message.role,
    content: message.content,
    status: message.status,
    usage: message.usage,
  }));
  if (reply.phase === 'idle') return stored;

  // The gateway stores the prompt when the stream starts and the reply when it ends, so
  // a reload during the stream may already contain one or both of them.
  const fresh = messages.slice(reply.storedBefore);
  if (fresh.some((message) => message.role === 'assistant')) return stored;

  const draft: MessageView = {
    key: 'pending-reply',
    role: 'assistant',
    content: reply.draft,
    status: reply.phase === 'streaming' ? 'streaming' : 'complete',
    usage: lastUsage,
  };
  if (fresh.some((message) => message.role === 'user')) return [...stored, draft];
  const prompt: MessageView = {
    key: 'pending-prompt',
    role: 'user',
    content: reply.prompt,
    status: 'complete',
    usage: null,
  };
  return [...stored, prompt, draft];
}
