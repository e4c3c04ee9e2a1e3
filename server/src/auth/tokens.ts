import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

/** What a session token carries; role and status are always read from the database. */
export interface TokenClaims {
  userId: number;
  sessionCounter: number;
  sessionSalt: string;
}

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

const ISSUER = 'portcullis';

/** Signs an HS256 session token. */
export async function issueToken(
  secret: Uint8Array,
  claims: TokenClaims,
  lifetimeMs: number,
  now: number,
): Promise<IssuedToken> {
  const expiresAtMs = now + lifetimeMs;
  const token = await new SignJWT({ sc: claims.sessionCounter, ss: claims.sessionSalt })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(claims.userId))
    .setIssuer(ISSUER)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(expiresAtMs / 1000))
    .sign(secret);
  return { token, expiresAt: new Date(expiresAtMs).toISOString() };
}

/**
 * Verifies signature, algorithm (HS256 only, so `alg: none` fails), issuer and
 * expiry. Returns undefined for any token that does not pass.
 */
export async function verifyToken(
  secret: Uint8Array,
  token: string,
  now: number,
): Promise<TokenClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      currentDate: new Date(now),
    });
    const userId = Number(payload.sub);
    if (
      !Number.isSafeInteger(userId) ||
      typeof payload.sc !== 'number' ||
      typeof payload.ss !== 'string'
    ) {
      return undefined;
    }
    return { userId, sessionCounter: payload.sc, sessionSalt: payload.ss };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return undefined;
    throw error;
  }
}
