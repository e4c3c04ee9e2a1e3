/** Minimum and maximum password length accepted by the gateway. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

/** Checks a new password and its confirmation before they are sent. */
export function passwordProblem(
  password: string,
  confirmation: string,
): { password?: string; confirmation?: string } {
  if (password.length < PASSWORD_MIN) {
    return { password: `Use at least ${PASSWORD_MIN} characters.` };
  }
  if (password.length > PASSWORD_MAX) {
    return { password: `Use at most ${PASSWORD_MAX} characters.` };
  }
  if (password !== confirmation) return { confirmation: 'The passwords do not match.' };
  return {};
}
