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
  const stored = await readCheckValue(db);
  const row = stored === undefined ? undefined : { value: stored };
  if (row === undefined) {
    try {
      await db.insertInto('settings').values({ key: SETTING, value: expected }).execute();
      return;
    } catch (error) {
      // Another instance starting at the same time may have written it first.
      const written = await readCheckValue(db);
      if (written === undefined) throw error;
      if (written !== expected) throw new EncryptionKeyMismatchError();
      return;
    }
  }
  if (row.value !== expected) throw new EncryptionKeyMismatchError();
}

async function readCheckValue(db: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', SETTING)
    .executeTakeFirst();
  return row?.value;
}
