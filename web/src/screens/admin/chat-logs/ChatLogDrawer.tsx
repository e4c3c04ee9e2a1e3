import { Code, DataList, Drawer, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ChatLog } from '../../../api/types.ts';
import { formatDateTime, formatDuration, formatNumber } from '../../../components/format.ts';
import { OutcomeBadge } from './outcome-badge.tsx';

/** Shows one request in full: its metadata, the prompt and the reply. */
export function ChatLogDrawer({ log, onClose }: { log: ChatLog | null; onClose: () => void }) {
  return (
    <Drawer
      opened={log !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={log === null ? '' : `Request ${log.id}`}
    >
      {log !== null && <LogDetails log={log} />}
    </Drawer>
  );
}

function LogDetails({ log }: { log: ChatLog }) {
  return (
    <Stack gap="md">
      <Facts log={log} />
      <TextBlock title="Prompt" text={log.prompt} />
      <TextBlock title="Reply" text={log.reply} />
    </Stack>
  );
}

function Facts({ log }: { log: ChatLog }) {
  const rows: [string, ReactNode][] = [
    ['Time', formatDateTime(log.createdAt)],
    ['User', log.userEmail],
    ['Credential', log.credential === 'jwt' ? 'web session' : 'gateway key'],
    ['Source', log.source],
    ['Model', log.model],
    ['Served by', log.modelServed ?? '—'],
    ['Outcome', <OutcomeBadge key="outcome" outcome={log.outcome} />],
    ['Status', log.status ?? '—'],
    ['Error code', log.errorCode ?? '—'],
    [
      'Tokens',
      `${formatNumber(log.totalTokens)} (${formatNumber(log.promptTokens)} prompt, ${formatNumber(log.completionTokens)} completion)${log.usageEstimated ? ', estimated' : ''}`,
    ],
    ['Cost', log.cost === null ? '—' : String(log.cost)],
    ['Latency', formatDuration(log.latencyMs)],
    ['Time to first token', formatDuration(log.ttftMs)],
  ];
  return (
    <DataList>
      {rows.map(([label, value]) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel>{label}</DataList.ItemLabel>
          <DataList.ItemValue>{value}</DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}

function TextBlock({ title, text }: { title: string; text: string | null }) {
  return (
    <section aria-label={title}>
      <Title order={3} size="h5" mb={6}>
        {title}
      </Title>
      {text === null || text === '' ? (
        <Text size="sm" c="dimmed">
          Not stored (content logging is off, or the request had none).
        </Text>
      ) : (
        <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {text}
        </Code>
      )}
    </section>
  );
}
