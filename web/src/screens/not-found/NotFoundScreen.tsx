import { Button, EmptyState } from '@mantine/core';
import { IconMapSearch } from '@tabler/icons-react';
import { Link } from 'react-router';

export function NotFoundScreen() {
  return (
    <EmptyState
      mt="xl"
      icon={<IconMapSearch aria-hidden />}
      title="Page not found"
      description="No page has this address."
    >
      <Button component={Link} to="/playground">
        Go to the playground
      </Button>
    </EmptyState>
  );
}
