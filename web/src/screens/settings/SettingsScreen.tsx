import { Container, Stack, Title } from '@mantine/core';
import { ChangePasswordForm } from '../change-password/ChangePasswordForm.tsx';
import { GatewayKeysSection } from './GatewayKeysSection.tsx';
import { MyModelsSection } from './MyModelsSection.tsx';
import { OpenRouterKeySection } from './OpenRouterKeySection.tsx';
import { SettingsSection } from './SettingsSection.tsx';
import { UsageSection } from './UsageSection.tsx';

export function SettingsScreen() {
  return (
    <Container size="md" px={0}>
      <Stack gap="lg">
        <Title order={1} size="h2">
          Settings
        </Title>
        <MyModelsSection />
        <OpenRouterKeySection />
        <UsageSection />
        <GatewayKeysSection />
        <SettingsSection id="password" title="Password">
          <ChangePasswordForm />
        </SettingsSection>
      </Stack>
    </Container>
  );
}
