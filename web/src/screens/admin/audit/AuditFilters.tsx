import { Button, Group, Select, TextInput } from '@mantine/core';
import { IconFilter, IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import type { AuditFilter } from '../../../api/types.ts';

export const emptyAuditFilter: AuditFilter = { action: '', from: '', to: '' };

/** The actions the gateway records. */
const actions = [
  'model.toggle',
  'model.withdrawn',
  'models.sync',
  'usage_limits.update',
  'user.create',
  'user.role',
  'user.status',
  'user.rate_limit',
  'user.reset_password',
  'user.delete',
];

export function AuditFilters({
  value,
  onApply,
}: {
  value: AuditFilter;
  onApply: (filter: AuditFilter) => void;
}) {
  const [draft, setDraft] = useState(value);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  const clear = () => {
    setDraft(emptyAuditFilter);
    onApply(emptyAuditFilter);
  };

  return (
    <form onSubmit={submit} aria-label="Audit filters">
      <Group align="flex-end" gap="sm">
        <Select
          label="Action"
          placeholder="any action"
          data={actions}
          value={draft.action === '' ? null : draft.action}
          onChange={(action) => setDraft({ ...draft, action: action ?? '' })}
          clearable
          w={220}
        />
        <TextInput
          label="From"
          type="date"
          value={draft.from}
          onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value })}
          w={170}
        />
        <TextInput
          label="To"
          type="date"
          value={draft.to}
          onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value })}
          w={170}
        />
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
