// What a group shows of its state: the API's `group` object and the leader shown (团长), read by
// the GroupBuy object and the group effects; the seat rules themselves are group-state.ts.
import { heldCount, paidCount, type GroupSnapshot, type GroupState, type Seat } from './group-state';

/** The API `group` object (GET /api/groups/:id and the live socket). */
export function snapshotGroup(state: GroupState): GroupSnapshot {
  return {
    id: state.id,
    productId: state.productId,
    size: state.size,
    members: paidCount(state),
    held: heldCount(state),
    status: state.status,
    expiresAt: new Date(state.expiresAt).toISOString(),
  };
}

/**
 * The leader shown: the opener while their seat is paid, otherwise the member who paid earliest
 * (join order for seats paid before payment times were kept). Null when no seat is paid.
 */
export function shownLeader(state: GroupState, openerOrderId: string): Seat | null {
  const paid = state.seats.filter((s) => s.state === 'paid');
  const opener = paid.find((s) => s.orderId === openerOrderId);
  if (opener) return opener;
  let best: Seat | null = null;
  for (const s of paid) if (best === null || (s.paidAt ?? 0) < (best.paidAt ?? 0)) best = s;
  return best;
}
