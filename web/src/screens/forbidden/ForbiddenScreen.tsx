import { Button, EmptyState, Title } from '@mantine/core';
import { IconLockAccess } from '@tabler/icons-react';
import { Link } from 'react-router';

/** Shows the 403 page to a signed-in user who is not an admin. */
export function ForbiddenScreen() {
  return (
    <EmptyState
      mt="xl"
      color="red"
      icon={<IconLockAccess aria-hidden />}
      title={
        <Title order={1} size="h3">
          403 — Admins only
        </Title>
      }
      description="Your account has no access to the admin console."
    >
      <Button component={Link} to="/playground">
        Go to the playground
      </Button>
    </EmptyState>
  );
}
