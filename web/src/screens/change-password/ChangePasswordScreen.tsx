import { Alert, Anchor, Button, Group } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { ReturnState } from '../../app/guards.tsx';
import { AuthCard } from '../../components/AuthCard.tsx';
import { useCurrentUser, useSession } from '../../session/session-context.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';

/** Shows the password form on its own page, the only page a forced change allows. */
export function ChangePasswordScreen() {
  const user = useCurrentUser();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as ReturnState | null)?.from ?? '/playground';
  const forced = user.mustChangePassword;

  return (
    <AuthCard title="Change password">
      {forced && (
        <Alert color="yellow" icon={<IconLock aria-hidden />} mb="md">
          Choose a new password before you continue.
        </Alert>
      )}
      <ChangePasswordForm onChanged={() => navigate(from, { replace: true })} />
      <Group justify="space-between" mt="lg">
        {forced ? (
          <Button variant="subtle" color="gray" onClick={signOut}>
            Sign out
          </Button>
        ) : (
          <Anchor component={Link} to={from}>
            Back
          </Anchor>
        )}
      </Group>
    </AuthCard>
  );
}
