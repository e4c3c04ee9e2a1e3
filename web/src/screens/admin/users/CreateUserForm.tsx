import {
  Button,
  Group,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Role } from '../../../api/types.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { fieldError, formError } from '../../../components/form-errors.ts';
import { useApi } from '../../../session/session-context.ts';
import { passwordProblem } from '../../change-password/password-rules.ts';
import { usersKey } from './query-keys.ts';

const fields = ['email', 'password', 'role'] as const;

export function CreateUserForm({ onDone }: { onDone: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [submitted, setSubmitted] = useState(false);
  const create = useMutation({
    mutationFn: api.admin.createUser,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: usersKey });
      onDone();
    },
    meta: { inlineErrors: true, success: 'User created.' },
  });

  const problem = passwordProblem(password, password).password;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (problem === undefined) create.mutate({ email: email.trim(), password, role });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={formError(create.error, fields)} />
        <TextInput
          label="Email"
          type="email"
          required
          data-autofocus
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={fieldError(create.error, 'email')}
        />
        <PasswordInput
          label="Password"
          description="10 to 256 characters; share it with the person safely."
          required
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={(submitted && problem) || fieldError(create.error, 'password')}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="new-user-role">
            Role
          </Text>
          <SegmentedControl
            aria-labelledby="new-user-role"
            value={role}
            onChange={(value) => setRole(value as Role)}
            data={[
              { value: 'user', label: 'User' },
              { value: 'admin', label: 'Admin' },
            ]}
          />
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create user
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
