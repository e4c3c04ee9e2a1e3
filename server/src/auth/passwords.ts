import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id of @node-rs/argon2, an ambient const enum that isolated modules cannot import.
const ARGON2ID = 2;

export interface PasswordCost {
  memoryKib: number;
  iterations: number;
}

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/** Hashes a password with argon2id at the configured cost. */
export function hashPassword(password: string, cost: PasswordCost): Promise<string> {
  return hash(password, {
    algorithm: ARGON2ID,
    memoryCost: cost.memoryKib,
    timeCost: cost.iterations,
    parallelism: 1,
  });
}

/** Checks a password against an argon2 hash; a malformed hash counts as a mismatch. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password, verified against when the email is unknown so
 * that a login takes as long whether or not the account exists.
 */
export function makeDecoyHash(cost: PasswordCost): Promise<string> {
  return hashPassword(`decoy-${Math.random()}-${Date.now()}`, cost);
}
