import { Table, Text } from '@mantine/core';
import type { AdminModel, UsageLimit } from '../../../api/types.ts';
import { ModelRow } from './ModelRow.tsx';

interface ModelTableProps {
  models: AdminModel[];
  limits: UsageLimit[];
  total: number;
}

export function ModelTable({ models, limits, total }: ModelTableProps) {
  if (total === 0) {
    return (
      <Text c="dimmed" size="sm" py="lg" ta="center">
        The catalogue is empty. Run a sync to fetch the free models.
      </Text>
    );
  }
  if (models.length === 0) {
    return (
      <Text c="dimmed" size="sm" py="lg" ta="center">
        No model matches the search.
      </Text>
    );
  }
  const limitOf = new Map(limits.map((limit) => [limit.modelId, limit]));
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="sm" aria-label="Models">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Model</Table.Th>
            <Table.Th>Context</Table.Th>
            <Table.Th>Enabled</Table.Th>
            <Table.Th>Daily limits (requests, tokens)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {models.map((model) => (
            <ModelRow key={model.id} model={model} limit={limitOf.get(model.modelId) ?? null} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
