import { Type } from 'typebox';

/** The user object of the API. */
export const PublicUserSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  role: Type.Union([Type.Literal('user'), Type.Literal('admin')]),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  mustChangePassword: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

/** What register, login and change-password return. */
export const SessionSchema = Type.Object({
  token: Type.String({ description: 'Send as Authorization: Bearer <token>' }),
  expiresAt: Type.String({ format: 'date-time' }),
  user: PublicUserSchema,
});

// The email is checked by emailProblem, not by `format: "email"`, which
// rejects single-label domains such as admin@localhost.
export const CredentialsSchema = Type.Object({
  email: Type.String({ maxLength: 1000 }),
  password: Type.String({ maxLength: 1000 }),
});

export const ChangePasswordSchema = Type.Object({
  currentPassword: Type.String({ maxLength: 1000 }),
  newPassword: Type.String({ maxLength: 1000 }),
});

export const NoContentSchema = Type.Null({ description: 'No content' });
