import { Type } from 'typebox';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { userOf } from '../http/authenticate.ts';
import { dayOf } from './calendar-day.ts';
import { chatLogCsvStream } from './chat-log-export.ts';
import { parseChatLogFilter } from './chat-log-filter.ts';
import { ChatLogItem } from './chat-log-item.ts';
import { listChatLogs } from './chat-log-list.ts';
import { PageOf, PageQuery, parsePage } from './pagination.ts';

const FilterQuery = {
  user: Type.Optional(Type.String({ description: 'Substring of the email, case-insensitive.' })),
  model: Type.Optional(Type.String({ description: 'Model id as requested, exact.' })),
  from: Type.Optional(
    Type.String({
      description: 'YYYY-MM-DD (whole day in USAGE_TIMEZONE) or an ISO 8601 date-time, inclusive.',
    }),
  ),
  to: Type.Optional(
    Type.String({
      description: 'YYYY-MM-DD (whole day, inclusive) or an ISO 8601 date-time, exclusive.',
    }),
  ),
};

const ListQuery = Type.Object({ ...PageQuery, ...FilterQuery });
const ExportQuery = Type.Object(FilterQuery);
const OwnQuery = Type.Object(PageQuery);
const ChatLogPage = PageOf(ChatLogItem);

/** `GET /api/admin/chat-logs`, its CSV export, and `GET /api/user/requests`. */
export async function chatLogRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  const timeZone = ctx.config.usageTimezone;

  app.get(
    '/api/admin/chat-logs',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Chat logs, newest first, filtered',
        querystring: ListQuery,
        response: { 200: ChatLogPage },
      },
    },
    async (request) => {
      const filter = parseChatLogFilter(request.query, timeZone);
      return listChatLogs(ctx.db, filter, parsePage(request.query));
    },
  );

  app.get(
    '/api/admin/chat-logs/export',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Chat logs as CSV, same filters as the list',
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const filter = parseChatLogFilter(request.query, timeZone);
      const filename = `chat-logs-${dayOf(ctx.now(), timeZone)}.csv`;
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`);
      return reply.send(chatLogCsvStream(ctx.db, filter));
    },
  );

  app.get(
    '/api/user/requests',
    {
      schema: {
        tags: ['user'],
        summary: "The caller's own chat-log rows, newest first",
        querystring: OwnQuery,
        response: { 200: ChatLogPage },
      },
    },
    async (request) => {
      const filter = { user: undefined, model: undefined, fromMs: undefined, toMs: undefined };
      return listChatLogs(
        ctx.db,
        { ...filter, userId: userOf(request).id },
        parsePage(request.query),
      );
    },
  );
}
