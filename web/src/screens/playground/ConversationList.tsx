import {
  ActionIcon,
  Button,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import { IconDots, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ConversationSummary } from '../../api/types.ts';
import { QueryError } from '../../components/QueryError.tsx';
import { useApi } from '../../session/session-context.ts';
import { type ConversationDialog, ConversationDialogs } from './ConversationDialogs.tsx';
import { playgroundKeys } from './query-keys.ts';

/** Lists every conversation, newest first, under a New chat button. */
export function ConversationList({ activeId }: { activeId: number | null }) {
  const api = useApi();
  const [dialog, setDialog] = useState<ConversationDialog>(null);
  const conversations = useQuery({
    queryKey: playgroundKeys.conversations,
    queryFn: api.conversations.list,
  });

  return (
    <Stack gap="sm" h="100%">
      <Button
        component={Link}
        to="/playground"
        leftSection={<IconPlus size={16} />}
        variant="light"
      >
        New chat
      </Button>
      <ScrollArea flex={1} type="auto">
        <nav aria-label="Conversations">
          {conversations.isPending && <ListSkeleton />}
          {conversations.isError && (
            <QueryError error={conversations.error} onRetry={() => conversations.refetch()} />
          )}
          {conversations.data?.length === 0 && (
            <Text size="sm" c="dimmed" p="xs">
              No conversations yet.
            </Text>
          )}
          {conversations.data?.map((conversation) => (
            <ConversationLink
              key={conversation.id}
              conversation={conversation}
              active={conversation.id === activeId}
              onRename={() => setDialog({ kind: 'rename', conversation })}
              onDelete={() => setDialog({ kind: 'delete', conversation })}
            />
          ))}
        </nav>
      </ScrollArea>
      <ConversationDialogs dialog={dialog} activeId={activeId} onClose={() => setDialog(null)} />
    </Stack>
  );
}

interface ConversationLinkProps {
  conversation: ConversationSummary;
  active: boolean;
  onRename: () => void;
  onDelete: () => void;
}

function ConversationLink({ conversation, active, onRename, onDelete }: ConversationLinkProps) {
  const title = conversation.title ?? 'New conversation';
  // The menu sits beside the link, not inside it, because a button inside a link is
  // invalid HTML and unreachable by keyboard in some browsers.
  return (
    <Group gap={0} wrap="nowrap">
      <NavLink
        component={Link}
        to={`/playground/${conversation.id}`}
        active={active}
        aria-current={active ? 'page' : undefined}
        label={
          <Text size="sm" truncate>
            {title}
          </Text>
        }
        description={
          <Text size="xs" c="dimmed" truncate>
            {conversation.model}
          </Text>
        }
        style={{ minWidth: 0 }}
      />
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Actions for ${title}`}>
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPencil size={14} />} onClick={onRename}>
            Rename
          </Menu.Item>
          <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={onDelete}>
            Delete
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

function ListSkeleton() {
  return (
    <Stack gap={6} aria-label="Loading conversations">
      <Skeleton height={42} />
      <Skeleton height={42} />
      <Skeleton height={42} />
    </Stack>
  );
}
