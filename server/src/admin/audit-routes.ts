import { Type } from 'typebox';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import type { Db } from '../storage/database.ts';
import type { AuditEventRow } from '../storage/schema.ts';
import { PageOf, PageQuery, type PageRequest, parsePage } from './pagination.ts';
import { parseTimeRange, type TimeRange } from './time-range.ts';

const AuditItem = Type.Object({
  id: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorEmail: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

const AuditQuery = Type.Object({
  ...PageQuery,
  action: Type.Optional(Type.String({ description: 'Exact action, such as user.role.' })),
  from: Type.Optional(
    Type.String({
      description: 'YYYY-MM-DD (whole day in USAGE_TIMEZONE) or ISO 8601, inclusive.',
    }),
  ),
  to: Type.Optional(
    Type.String({ description: 'YYYY-MM-DD (whole day, inclusive) or ISO 8601, exclusive.' }),
  ),
});

type AuditItem = Type.Static<typeof AuditItem>;

function parseJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

function toAuditItem(row: AuditEventRow): AuditItem {
  return {
    id: Number(row.id),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    actorId: row.actor_id === null ? null : Number(row.actor_id),
    actorEmail: row.actor_email,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: parseJson(row.before),
    after: parseJson(row.after),
  };
}

/** Reads one page of audit events, newest first. */
async function listAuditEvents(
  db: Db,
  filter: TimeRange & { action: string | undefined },
  page: PageRequest,
) {
  let rows = db.selectFrom('audit_events');
  if (filter.action !== undefined && filter.action !== '')
    rows = rows.where('action', '=', filter.action);
  if (filter.fromMs !== undefined) rows = rows.where('created_at', '>=', filter.fromMs);
  if (filter.toMs !== undefined) rows = rows.where('created_at', '<', filter.toMs);
  const [events, counted] = await Promise.all([
    rows
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.size)
      .offset(page.offset)
      .execute(),
    rows.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: events.map(toAuditItem),
    page: page.page,
    size: page.size,
    total: Number(counted.count),
  };
}

/** `GET /api/admin/audit`: who changed what, newest first. */
export async function auditRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/api/admin/audit',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Audit events',
        querystring: AuditQuery,
        response: { 200: PageOf(AuditItem) },
      },
    },
    async (request) => {
      const range = parseTimeRange(request.query, ctx.config.usageTimezone);
      const filter = { ...range, action: request.query.action };
      return listAuditEvents(ctx.db, filter, parsePage(request.query));
    },
  );
}
