import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';

/** Shows a form-level error message, announced to screen readers. */
export function FormAlert({ message }: { message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
      {message}
    </Alert>
  );
}
