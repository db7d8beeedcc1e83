import { auditLog } from '../../db/schema';
import type { Executor } from '../../db/client';

export interface AuditInput {
  actorId: number | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

/** Append one audit row, inside the caller's transaction so it stands or falls with the change. */
export async function audit(tx: Executor, a: AuditInput): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: a.actorId,
    action: a.action,
    entity: a.entity,
    entityId: a.entityId == null ? null : String(a.entityId),
    before: (a.before ?? null) as never,
    after: (a.after ?? null) as never,
    ip: a.ip ?? null,
  });
}
