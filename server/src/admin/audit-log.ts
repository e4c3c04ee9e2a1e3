import type { Db } from '../storage/database.ts';

export type AuditAction =
  | 'model.toggle'
  | 'model.withdrawn'
  | 'models.sync'
  | 'usage_limits.update'
  | 'user.create'
  | 'user.role'
  | 'user.status'
  | 'user.rate_limit'
  | 'user.reset_password'
  | 'user.delete';

export interface AuditEntry {
  /** Null for changes the gateway made itself (a sync, a withdrawal, the CLI). */
  actor: { id: number; email: string } | null;
  action: AuditAction;
  targetType: string;
  targetId: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit event. Callers pass the executor of their transaction when there is one. */
export async function recordAudit(db: Db, entry: AuditEntry, now: number): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      created_at: now,
      actor_id: entry.actor?.id ?? null,
      actor_email: entry.actor?.email ?? null,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId === null ? null : String(entry.targetId),
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}
