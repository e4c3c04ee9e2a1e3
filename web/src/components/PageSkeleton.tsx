import { Skeleton, Stack } from '@mantine/core';

/** Placeholder while a screen or its data loads. */
export function PageSkeleton({ rows = 4 }: { rows?: number }) {
  return (
    <Stack gap="sm" aria-busy="true" aria-label="Loading">
      <Skeleton height={28} width="40%" />
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the placeholders never reorder.
        <Skeleton key={index} height={48} />
      ))}
    </Stack>
  );
}
