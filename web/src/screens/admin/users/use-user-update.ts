import { useMutation, useQueryClient } from '@tanstack/react-query';
import { usersKey } from './query-keys.ts';

/** Creates a mutation on one user row that refreshes every user list once it settles. */
export function useUserUpdate<Variables, Data>(
  mutationFn: (variables: Variables) => Promise<Data>,
  success: string,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: usersKey }),
    meta: { success },
  });
}
