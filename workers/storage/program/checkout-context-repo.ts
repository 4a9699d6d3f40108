// What checkout needs from the program, in one statement: the settings, the buyer's binding, the
// seller code named, and the level boosts of every seller the order could be attributed to.
import { sql } from 'drizzle-orm';
import type { ProgramSettings } from '../../../shared/program/program-schemas';
import type { Exec } from '../orders/orders-repo';

export interface ContextSeller {
  id: string;
  approval: 'approved' | 'pending' | 'rejected';
  suspended: boolean;
  boostBps: number;
  inviterId: string | null;
  inviterBoostBps: number;
}

export interface CheckoutProgramContext {
  settings: ProgramSettings | null;
  binding: { sellerId: string; expiresAt: number | null } | null;
  /** The active code's seller, when a code was named and exists. */
  codeSellerId: string | null;
  sellers: Map<string, ContextSeller>;
}

/**
 * One round trip whatever the order: a plain order with no link reads its binding here, and the
 * binding's seller comes back with its boost in the same row, so an order the binding attributes
 * costs this one statement and no other.
 */
export async function readCheckoutProgramContext(
  exec: Exec,
  q: { buyerEmail: string; code: string | null; candidateSellerIds: string[] },
): Promise<CheckoutProgramContext> {
  const candidates = q.candidateSellerIds.length > 0 ? sql`array[${sql.join(q.candidateSellerIds.map((id) => sql`${id}`), sql`, `)}]::text[]` : sql`array[]::text[]`;
  const res = await exec.execute<{
    settings: ProgramSettings | null;
    bound_seller_id: string | null;
    bound_expires_at: string | null;
    code_seller_id: string | null;
    sellers: ContextSeller[];
  }>(sql`
    with b as (select seller_id, expires_at from buyer_bindings where buyer_email = ${q.buyerEmail}),
    cd as (select seller_id from seller_codes where code = ${q.code} and active = 1),
    ids as (
      select unnest(${candidates}) as id
      union select seller_id from b
      union select seller_id from cd
    )
    select
      (select settings from program_settings where id = 1) as settings,
      (select seller_id from b) as bound_seller_id,
      (select expires_at from b) as bound_expires_at,
      (select seller_id from cd) as code_seller_id,
      coalesce((
        select json_agg(json_build_object(
          'id', x.id, 'approval', x.approval, 'suspended', x.suspended_at is not null,
          'boostBps', coalesce(l.boost_bps, 0), 'inviterId', x.inviter_id, 'inviterBoostBps', coalesce(il.boost_bps, 0)))
        from sellers x
        left join seller_levels l on l.id = x.level_id
        left join sellers i on i.id = x.inviter_id
        left join seller_levels il on il.id = i.level_id
        where x.id in (select id from ids)
      ), '[]'::json) as sellers
  `);
  const r = res.rows[0]!;
  return {
    settings: r.settings,
    binding: r.bound_seller_id ? { sellerId: r.bound_seller_id, expiresAt: r.bound_expires_at === null ? null : new Date(r.bound_expires_at).getTime() } : null,
    codeSellerId: r.code_seller_id,
    sellers: new Map(r.sellers.map((s) => [s.id, s])),
  };
}
