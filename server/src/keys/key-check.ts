import type { Db } from '../storage/database.ts';
import { keyCheckValue } from './encryption.ts';

const SETTING = 'encryption_key_check';

/** Raised when the database was written with another ENCRYPTION_MASTER_KEY. */
export class EncryptionKeyMismatchError extends Error {
  constructor() {
    super(
      'ENCRYPTION_MASTER_KEY: does not match the key this database was created with. ' +
        'Set the original key (or restore secrets.json in the data dir); stored OpenRouter keys cannot be read with another one.',
    );
    this.name = 'EncryptionKeyMismatchError';
  }
}

/** Stores the key's check value on first start and compares it on every later one. */
export async function checkEncryptionKey(db: Db, key: Buffer): Promise<void> {
  const expected = keyCheckValue(key);
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', SETTING)
    .executeTakeFirst();
  if (row === undefined) {
    await db.insertInto('settings').values({ key: SETTING, value: expected }).execute();
    return;
  }
  if (row.value !== expected) throw new EncryptionKeyMismatchError();
}
