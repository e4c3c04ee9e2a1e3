/** Query keys of the playground's data, shared by its components. */
export const playgroundKeys = {
  models: ['user', 'models'] as const,
  conversations: ['conversations'] as const,
  conversation: (id: number) => ['conversations', id] as const,
  usage: ['user', 'usage'] as const,
};
