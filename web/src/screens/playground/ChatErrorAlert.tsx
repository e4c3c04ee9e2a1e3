import { Alert, Anchor, Button, CloseButton, Group, Select, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ApiError } from '../../api/errors.ts';
import type { UserModel } from '../../api/types.ts';
import { formatTime } from '../../components/format.ts';

interface ChatErrorAlertProps {
  error: ApiError;
  currentModel: string;
  models: UserModel[];
  onSwitchModel: (modelId: string) => void;
  onDismiss: () => void;
}

/** Explains why a reply failed, with the way out: Settings, a wait, or another model. */
export function ChatErrorAlert(props: ChatErrorAlertProps) {
  const { error, onDismiss } = props;
  return (
    <Alert
      color={error.status === 429 ? 'yellow' : 'red'}
      icon={<IconAlertTriangle aria-hidden />}
      title={titleOf(error)}
      role="alert"
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap="xs">
          <ErrorBody {...props} />
        </Stack>
        <CloseButton aria-label="Dismiss error" onClick={onDismiss} />
      </Group>
    </Alert>
  );
}

function ErrorBody({ error, currentModel, models, onSwitchModel }: ChatErrorAlertProps) {
  if (error.code === 'api_key_missing' || error.code === 'api_key_rejected') {
    return (
      <Text size="sm">
        {error.message}{' '}
        <Anchor component={Link} to="/settings#openrouter-key">
          Add your OpenRouter key in Settings
        </Anchor>
        .
      </Text>
    );
  }
  if (error.status === 429) return <Text size="sm">{retryText(error)}</Text>;
  if (error.code === 'model_withdrawn' || error.code === 'model_not_enabled') {
    const others = models.filter((model) => model.enabled && model.modelId !== currentModel);
    return <SwitchModel message={error.message} others={others} onSwitch={onSwitchModel} />;
  }
  return <Text size="sm">{error.message}</Text>;
}

function SwitchModel({
  message,
  others,
  onSwitch,
}: {
  message: string;
  others: UserModel[];
  onSwitch: (modelId: string) => void;
}) {
  const [choice, setChoice] = useState<string | null>(others[0]?.modelId ?? null);
  return (
    <>
      <Text size="sm">{message} Your message can go to another model in a new conversation.</Text>
      {others.length === 0 ? (
        <Text size="sm">
          No other model is enabled.{' '}
          <Anchor component={Link} to="/settings">
            Choose models in Settings
          </Anchor>
          .
        </Text>
      ) : (
        <Group align="flex-end" gap="xs">
          <Select
            label="Another model"
            data={others.map((model) => ({ value: model.modelId, label: model.name }))}
            value={choice}
            onChange={setChoice}
            allowDeselect={false}
            w={260}
          />
          <Button disabled={choice === null} onClick={() => choice !== null && onSwitch(choice)}>
            Continue with this model
          </Button>
        </Group>
      )}
    </>
  );
}

function titleOf(error: ApiError): string {
  switch (error.code) {
    case 'api_key_missing':
      return 'No OpenRouter key stored';
    case 'api_key_rejected':
      return 'OpenRouter rejected your key';
    case 'model_withdrawn':
      return 'This model was withdrawn';
    case 'model_not_enabled':
      return 'This model is switched off';
    case 'daily_limit_exceeded':
      return 'Daily limit reached';
    case 'rate_limited':
      return 'Too many requests';
    default:
      return 'The reply failed';
  }
}

function retryText(error: ApiError): string {
  const { resetAt, retryAfterSeconds } = error.details;
  if (resetAt !== undefined)
    return `${error.message} You can send again at ${formatTime(resetAt)}.`;
  if (retryAfterSeconds !== undefined) {
    return `${error.message} Try again in ${retryAfterSeconds} s.`;
  }
  return `${error.message} Try again later.`;
}
