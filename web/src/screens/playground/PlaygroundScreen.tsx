import { Button, Drawer, Group } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconMessages } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { PageSkeleton } from '../../components/PageSkeleton.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { useApi } from '../../session/session-context.ts';
import { ChatPanel } from './ChatPanel.tsx';
import { ConversationList } from './ConversationList.tsx';
import classes from './Playground.module.css';
import { playgroundKeys } from './query-keys.ts';

/** Parses the route's conversation id; the chat itself lives in ChatPanel. */
export function PlaygroundScreen() {
  const api = useApi();
  const params = useParams();
  const conversationId = parseId(params.conversationId);
  const [drawerOpen, drawer] = useDisclosure(false);
  const models = useQuery({ queryKey: playgroundKeys.models, queryFn: api.user.models });

  useEffect(() => {
    if (conversationId !== undefined) drawer.close();
  }, [conversationId, drawer]);

  return (
    <div className={classes.layout}>
      <aside className={classes.sidebar} aria-label="Conversation list">
        <ConversationList activeId={conversationId} />
      </aside>
      <Drawer opened={drawerOpen} onClose={drawer.close} title="Conversations" size="xs">
        <ConversationList activeId={conversationId} />
      </Drawer>
      <div className={classes.main}>
        <Group hiddenFrom="sm" mb="xs">
          <Button
            variant="default"
            size="xs"
            leftSection={<IconMessages size={16} />}
            onClick={drawer.open}
          >
            Conversations
          </Button>
        </Group>
        {models.isPending && <PageSkeleton rows={3} />}
        {models.isError && <QueryError error={models.error} onRetry={() => models.refetch()} />}
        {models.data !== undefined && (
          <ChatPanel conversationId={conversationId} models={models.data} />
        )}
      </div>
    </div>
  );
}

function parseId(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const id = Number(raw);
  return Number.isInteger(id) && id > 0 ? id : null;
}
