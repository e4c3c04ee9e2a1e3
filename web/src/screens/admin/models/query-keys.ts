export const adminModelKeys = {
  models: ['admin', 'models'] as const,
  limits: ['admin', 'usage-limits'] as const,
};
