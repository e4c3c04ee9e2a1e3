import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealed {
  /** Ciphertext followed by the GCM tag, base64. */
  ciphertext: string;
  /** Base64 of the 12-byte nonce. */
  nonce: string;
}

/**
 * AES-256-GCM with a fresh nonce per call. The user id is the associated data,
 * so a ciphertext copied to another user's row does not decrypt.
 */
export function seal(key: Buffer, userId: number, plaintext: string): Sealed {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(associatedData(userId));
  const body = Buffer.concat([
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return { ciphertext: body.toString('base64'), nonce: nonce.toString('base64') };
}

/** Decrypts what `seal` produced; throws when the key, user id or bytes differ. */
export function open(key: Buffer, userId: number, sealed: Sealed): string {
  const body = Buffer.from(sealed.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.nonce, 'base64'));
  decipher.setAAD(associatedData(userId));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  const plain = Buffer.concat([
    decipher.update(body.subarray(0, body.length - TAG_BYTES)),
    decipher.final(),
  ]);
  return plain.toString('utf8');
}

function associatedData(userId: number): Buffer {
  return Buffer.from(`portcullis-user:${userId}`, 'utf8');
}

/** A value stored in the database that proves which encryption key wrote it. */
export function keyCheckValue(key: Buffer): string {
  return createHmac('sha256', key).update('portcullis-encryption-key-check').digest('hex');
}
