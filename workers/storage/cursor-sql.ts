// The SQL side of shared/cursor.ts: rows after the cursor in (created_at desc, id desc) order.
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PageCursor } from '../../shared/cursor';

export const olderThan = (createdAt: AnyColumn, id: AnyColumn, c: PageCursor): SQL => sql`(${createdAt}, ${id}) < (${c.createdAt}::timestamptz, ${c.id})`;
