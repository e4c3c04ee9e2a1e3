import { Button, Group, Textarea } from '@mantine/core';
import { IconPlayerStopFilled, IconSend } from '@tabler/icons-react';
import type { FormEvent, KeyboardEvent } from 'react';

interface ComposerProps {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  onStop: () => void;
  streaming: boolean;
  disabled: boolean;
}

/** Renders the message box. Enter sends, Shift+Enter adds a line, Stop aborts a reply. */
export function Composer({ value, onChange, onSend, onStop, streaming, disabled }: ComposerProps) {
  const canSend = !disabled && !streaming && value.trim() !== '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canSend) onSend();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (canSend) onSend();
  };

  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Textarea
          label="Message"
          placeholder="Ask anything. Enter sends, Shift+Enter adds a line."
          autosize
          minRows={1}
          maxRows={8}
          flex={1}
          value={value}
          disabled={disabled}
          onChange={(event) => onChange(event.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
        {streaming ? (
          <Button color="red" leftSection={<IconPlayerStopFilled size={16} />} onClick={onStop}>
            Stop
          </Button>
        ) : (
          <Button type="submit" disabled={!canSend} leftSection={<IconSend size={16} />}>
            Send
          </Button>
        )}
      </Group>
    </form>
  );
}
