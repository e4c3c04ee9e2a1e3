import { Text } from '@mantine/core';
import { lazy, Suspense } from 'react';

// The Markdown parser and highlight.js's languages are a large share of the bundle, so
// they load in their own chunk. Until it arrives, the raw text is shown.
const MarkdownRenderer = lazy(() => import('./MarkdownRenderer.tsx'));

/** Renders model output as Markdown with highlighted code blocks. */
export function Markdown({ children }: { children: string }) {
  return (
    <Suspense
      fallback={
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {children}
        </Text>
      }
    >
      <MarkdownRenderer>{children}</MarkdownRenderer>
    </Suspense>
  );
}
