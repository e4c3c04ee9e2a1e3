import { Select } from '@mantine/core';
import type { UserModel } from '../../api/types.ts';

interface ModelPickerProps {
  models: UserModel[];
  value: string | null;
  onChange: (modelId: string) => void;
  /** The model of the open conversation, which a conversation keeps for its life. */
  lockedTo: string | null;
}

/** Chooses the model of a new conversation among the user's enabled models. */
export function ModelPicker({ models, value, onChange, lockedTo }: ModelPickerProps) {
  const data = models
    .filter((model) => model.enabled)
    .map((model) => ({ value: model.modelId, label: model.name }));
  if (lockedTo !== null && !data.some((option) => option.value === lockedTo)) {
    data.push({ value: lockedTo, label: lockedTo });
  }
  return (
    <Select
      label="Model"
      placeholder="Pick a model"
      data={data}
      value={lockedTo ?? value}
      onChange={(modelId) => modelId !== null && onChange(modelId)}
      disabled={lockedTo !== null}
      description={
        lockedTo !== null
          ? 'A conversation keeps its model; start a new chat to change it.'
          : undefined
      }
      allowDeselect={false}
      searchable
      nothingFoundMessage="No enabled model matches"
      maw={420}
    />
  );
}
