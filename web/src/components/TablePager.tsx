import { Group, Pagination, Text } from '@mantine/core';
import { formatNumber } from './format.ts';

interface TablePagerProps {
  page: number;
  size: number;
  total: number;
  onChange: (page: number) => void;
}

/** Page controls for a paginated list; `page` counts from 0 as the API does. */
export function TablePager({ page, size, total, onChange }: TablePagerProps) {
  const pages = Math.max(1, Math.ceil(total / size));
  const first = total === 0 ? 0 : page * size + 1;
  const last = Math.min(total, (page + 1) * size);
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed">
        {formatNumber(first)}–{formatNumber(last)} of {formatNumber(total)}
      </Text>
      <Pagination
        total={pages}
        value={page + 1}
        onChange={(value) => onChange(value - 1)}
        size="sm"
        siblings={1}
        getControlProps={(control) => ({ 'aria-label': `${control} page` })}
      />
    </Group>
  );
}
