import { Button, Group, TextInput } from '@mantine/core';
import { IconFilter, IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import type { ChatLogFilter } from '../../../api/types.ts';

export const emptyChatLogFilter: ChatLogFilter = { user: '', model: '', from: '', to: '' };

/** Edits the server-side filters, applied on submit so typing does not send a query per key. */
export function ChatLogFilters({
  value,
  onApply,
}: {
  value: ChatLogFilter;
  onApply: (filter: ChatLogFilter) => void;
}) {
  const [draft, setDraft] = useState(value);
  const set = (field: keyof ChatLogFilter) => (event: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [field]: event.currentTarget.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...draft, user: draft.user.trim(), model: draft.model.trim() });
  };
  const clear = () => {
    setDraft(emptyChatLogFilter);
    onApply(emptyChatLogFilter);
  };

  return (
    <form onSubmit={submit} aria-label="Chat log filters">
      <Group align="flex-end" gap="sm">
        <TextInput
          label="User email"
          placeholder="part of an email"
          value={draft.user}
          onChange={set('user')}
          w={220}
        />
        <TextInput
          label="Model"
          placeholder="model id"
          value={draft.model}
          onChange={set('model')}
          w={220}
        />
        <TextInput label="From" type="date" value={draft.from} onChange={set('from')} w={170} />
        <TextInput label="To" type="date" value={draft.to} onChange={set('to')} w={170} />
        <Button type="submit" leftSection={<IconFilter size={16} />}>
          Apply filters
        </Button>
        <Button variant="default" leftSection={<IconX size={16} />} onClick={clear}>
          Clear
        </Button>
      </Group>
    </form>
  );
}
