import { notifications } from '@mantine/notifications';
import { MutationCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/errors.ts';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: Error;
    mutationMeta: {
      /** Shown as a notification when the mutation succeeds. */
      success?: string;
      /** True when the screen shows this mutation's errors itself, next to the form. */
      inlineErrors?: boolean;
    };
  }
}

/**
 * Builds the query client. Every mutation's failure becomes one notification here,
 * unless the mutation shows it inline; 401 and forced password changes are handled by
 * the HTTP client and need no message.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < 2 && !isClientError(error),
        refetchOnWindowFocus: false,
      },
    },
    mutationCache: new MutationCache({
      onSuccess: (_data, _variables, _context, mutation) => {
        const message = mutation.meta?.success;
        if (message !== undefined) notifications.show({ color: 'teal', message });
      },
      onError: (error, _variables, _context, mutation) => {
        if (mutation.meta?.inlineErrors === true || isHandledCentrally(error)) return;
        notifications.show({ color: 'red', title: 'Action failed', message: error.message });
      },
    }),
  });
}

function isClientError(error: Error): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500;
}

function isHandledCentrally(error: Error): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 401 || error.code === 'password_change_required';
}
