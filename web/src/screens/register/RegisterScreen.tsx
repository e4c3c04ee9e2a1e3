import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { AuthCard } from '../../components/AuthCard.tsx';
import { FormAlert } from '../../components/FormAlert.tsx';
import { fieldError, formError } from '../../components/form-errors.ts';
import { useApi, useSession } from '../../session/session-context.ts';
import { passwordProblem } from '../change-password/password-rules.ts';

const fields = ['email', 'password'] as const;

export function RegisterScreen() {
  const api = useApi();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const register = useMutation({
    mutationFn: api.auth.register,
    onSuccess: signIn,
    meta: { inlineErrors: true },
  });

  const localProblem = passwordProblem(password, confirmation);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (localProblem.password === undefined && localProblem.confirmation === undefined) {
      register.mutate({ email, password });
    }
  };

  return (
    <AuthCard title="Create an account">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={formError(register.error, fields)} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={fieldError(register.error, 'email')}
          />
          <PasswordInput
            label="Password"
            description="10 to 256 characters"
            autoComplete="new-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={(submitted && localProblem.password) || fieldError(register.error, 'password')}
          />
          <PasswordInput
            label="Confirm password"
            autoComplete="new-password"
            required
            value={confirmation}
            onChange={(event) => setConfirmation(event.currentTarget.value)}
            error={submitted && localProblem.confirmation}
          />
          <Button type="submit" loading={register.isPending} fullWidth>
            Create account
          </Button>
          <Text size="sm" ta="center">
            Already registered?{' '}
            <Anchor component={Link} to="/login">
              Sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
