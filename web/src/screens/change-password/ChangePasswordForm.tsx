import { Button, PasswordInput, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Session } from '../../api/types.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { fieldError, formError } from '../../components/form-errors.ts';
import { useApi, useSession } from '../../session/session-context.ts';
import { passwordProblem } from './password-rules.ts';

const fields = ['currentPassword', 'newPassword'] as const;

/**
 * Changes the password. The gateway revokes older tokens and returns a new session,
 * which replaces the stored one.
 */
export function ChangePasswordForm({ onChanged }: { onChanged?: (session: Session) => void }) {
  const api = useApi();
  const { signIn } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const change = useMutation({
    mutationFn: api.auth.changePassword,
    onSuccess: (session) => {
      signIn(session);
      setCurrent('');
      setNext('');
      setConfirmation('');
      setSubmitted(false);
      onChanged?.(session);
    },
    meta: { inlineErrors: true, success: 'Password changed.' },
  });

  const problem = passwordProblem(next, confirmation);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (problem.password !== undefined || problem.confirmation !== undefined) return;
    change.mutate({ currentPassword: current, newPassword: next });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={420}>
        <FormAlert message={formError(change.error, fields)} />
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(event) => setCurrent(event.currentTarget.value)}
          error={fieldError(change.error, 'currentPassword')}
        />
        <PasswordInput
          label="New password"
          description="10 to 256 characters"
          autoComplete="new-password"
          required
          value={next}
          onChange={(event) => setNext(event.currentTarget.value)}
          error={(submitted && problem.password) || fieldError(change.error, 'newPassword')}
        />
        <PasswordInput
          label="Confirm new password"
          autoComplete="new-password"
          required
          value={confirmation}
          onChange={(event) => setConfirmation(event.currentTarget.value)}
          error={submitted && problem.confirmation}
        />
        <Button type="submit" loading={change.isPending} w="fit-content">
          Change password
        </Button>
      </Stack>
    </form>
  );
}
