import { ActionIcon, Badge, CopyButton, Group, Paper, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import type { MessageStatus, Usage } from '../../api/types.ts';
import { formatNumber } from '../../components/format.ts';
import { Markdown } from '../../components/markdown/Markdown.tsx';

export interface MessageView {
  key: string;
  role: 'user' | 'assistant';
  content: string;
  status: MessageStatus | 'streaming';
  usage: Usage | null;
}

/** Shows one message: the user's text as typed, or a reply as Markdown with its usage. */
export function MessageItem({ message }: { message: MessageView }) {
  if (message.role === 'user') {
    return (
      <Paper
        component="article"
        aria-label="Your message"
        p="sm"
        bg="var(--mantine-primary-color-light)"
        maw="85%"
        ml="auto"
      >
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {message.content}
        </Text>
      </Paper>
    );
  }

  return (
    <Paper
      component="article"
      aria-label="Reply"
      aria-busy={message.status === 'streaming'}
      p="sm"
      withBorder
      maw="100%"
    >
      <Markdown>{message.content === '' ? '…' : message.content}</Markdown>
      <Group gap="xs" mt="xs" justify="space-between" wrap="nowrap">
        <Group gap="xs">
          <StatusBadge status={message.status} />
          {message.usage !== null && <UsageText usage={message.usage} />}
        </Group>
        {message.status !== 'streaming' && <CopyReplyButton text={message.content} />}
      </Group>
    </Paper>
  );
}

function StatusBadge({ status }: { status: MessageView['status'] }) {
  if (status === 'streaming') return <Badge variant="dot">Streaming</Badge>;
  if (status === 'interrupted') return <Badge color="yellow">Stopped</Badge>;
  if (status === 'error') return <Badge color="red">Failed</Badge>;
  return null;
}

function UsageText({ usage }: { usage: Usage }) {
  return (
    <Text size="xs" c="dimmed" aria-label="Token usage">
      {formatNumber(usage.totalTokens)} tokens ({formatNumber(usage.promptTokens)} prompt,{' '}
      {formatNumber(usage.completionTokens)} completion)
    </Text>
  );
}

function CopyReplyButton({ text }: { text: string }) {
  return (
    <CopyButton value={text}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : 'Copy reply'}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={copied ? 'Copied' : 'Copy reply'}
            onClick={copy}
          >
            {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}
