import type { Insertable } from 'kysely';
import { notFound } from '../http/errors.ts';
import type { Db } from '../storage/database.ts';
import type { DialectKind } from '../storage/dialect.ts';
import type {
  ConversationMessagesTable,
  ConversationRow,
  ConversationsTable,
  MessageRow,
  UserRow,
} from '../storage/schema.ts';

/**
 * Inserts a row and returns its generated id: RETURNING on SQLite and
 * PostgreSQL, the driver's insertId on MySQL, which has no RETURNING.
 */
async function insertWithId<T extends 'conversations' | 'conversation_messages'>(
  db: Db,
  dialect: DialectKind,
  table: T,
  values: Insertable<T extends 'conversations' ? ConversationsTable : ConversationMessagesTable>,
): Promise<number> {
  const insert = db.insertInto(table).values(values as never);
  if (dialect === 'mysql') {
    const result = await insert.executeTakeFirstOrThrow();
    return Number(result.insertId);
  }
  const row = await insert.returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function createConversation(
  db: Db,
  dialect: DialectKind,
  input: { userId: number; model: string; title: string | null; now: number },
): Promise<ConversationRow> {
  const id = await insertWithId(db, dialect, 'conversations', {
    user_id: input.userId,
    model_id: input.model,
    title: input.title,
    created_at: input.now,
    updated_at: input.now,
  });
  return {
    id,
    user_id: input.userId,
    model_id: input.model,
    title: input.title,
    created_at: input.now,
    updated_at: input.now,
  };
}

export function listConversations(db: Db, userId: number): Promise<ConversationRow[]> {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Loads the caller's conversation. Another user's, or an unknown id, is not_found. */
export async function findOwnConversation(
  db: Db,
  user: UserRow,
  id: number,
): Promise<ConversationRow> {
  const row = await db
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (row === undefined) throw notFound('Conversation');
  return row;
}

export function listMessages(db: Db, conversationId: number): Promise<MessageRow[]> {
  return db
    .selectFrom('conversation_messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .orderBy('id')
    .execute();
}

export async function renameConversation(
  db: Db,
  id: number,
  title: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('conversations')
    .set({ title, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function deleteConversation(db: Db, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('conversation_messages').where('conversation_id', '=', id).execute();
    await trx.deleteFrom('conversations').where('id', '=', id).execute();
  });
}

/** A message about to be stored; usage only on assistant messages. */
export interface NewMessage {
  role: MessageRow['role'];
  content: string;
  status: MessageRow['status'];
  usage: { promptTokens: number; completionTokens: number; totalTokens: number } | null;
}

/**
 * Stores the user's message and the reply of one exchange, and moves the
 * conversation's updated time (and its title, when one was just set).
 * Returns the stored rows.
 */
export async function storeExchange(
  db: Db,
  dialect: DialectKind,
  exchange: {
    conversationId: number;
    messages: readonly NewMessage[];
    title: string | null;
    now: number;
  },
): Promise<MessageRow[]> {
  return db.transaction().execute(async (trx) => {
    const stored: MessageRow[] = [];
    for (const message of exchange.messages) {
      const row = {
        conversation_id: exchange.conversationId,
        role: message.role,
        content: message.content,
        status: message.status,
        prompt_tokens: message.usage?.promptTokens ?? null,
        completion_tokens: message.usage?.completionTokens ?? null,
        total_tokens: message.usage?.totalTokens ?? null,
        created_at: exchange.now,
      };
      const id = await insertWithId(trx, dialect, 'conversation_messages', row);
      stored.push({ id, ...row });
    }
    const change =
      exchange.title === null
        ? { updated_at: exchange.now }
        : { updated_at: exchange.now, title: exchange.title };
    await trx
      .updateTable('conversations')
      .set(change)
      .where('id', '=', exchange.conversationId)
      .execute();
    return stored;
  });
}
