export const usersKey = ['admin', 'users'] as const;
