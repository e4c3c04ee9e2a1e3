import type { Db } from '../storage/database.ts';
import { applyChatLogFilter, type ChatLogFilter } from './chat-log-filter.ts';
import { type ChatLogItem, toChatLogItem } from './chat-log-item.ts';
import type { PageRequest } from './pagination.ts';

export interface ChatLogPage {
  items: ChatLogItem[];
  page: number;
  size: number;
  total: number;
}

/** Reads one page of chat logs, newest first, with the total count of matching rows. */
export async function listChatLogs(
  db: Db,
  filter: ChatLogFilter,
  page: PageRequest,
): Promise<ChatLogPage> {
  const [rows, counted] = await Promise.all([
    applyChatLogFilter(db.selectFrom('chat_logs').selectAll(), filter)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.size)
      .offset(page.offset)
      .execute(),
    applyChatLogFilter(
      db.selectFrom('chat_logs').select((eb) => eb.fn.countAll().as('count')),
      filter,
    ).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map(toChatLogItem),
    page: page.page,
    size: page.size,
    total: Number(counted.count),
  };
}
