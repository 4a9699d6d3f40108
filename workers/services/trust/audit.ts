// The ops audit trail, as verbs: every ops action records who, what, when, before and after.
export { recordAudit, type AuditInput } from '../../storage/ops/audit-repo';
import { decodeCursor } from '../../../shared/cursor';
import type { Db } from '../../storage/db';
import { listAudit } from '../../storage/ops/audit-repo';

export const listAuditLog = (db: Db, limit = 100, cursor?: string) => listAudit(db, { limit: Math.min(Math.max(limit, 1), 200), before: cursor ? decodeCursor(cursor) : undefined });
