import { describe, expect, it } from 'vitest';
import { shownLeader } from './group-snapshot';
import { expireGroup, holdSeat, leaveSeat, openGroup, paySeat, type GroupState } from './group-state';

const T0 = 1_000_000;
function group(size = 4): GroupState {
  let s = openGroup({ id: 'g_test0001', productId: 'p_test0001', size, expiresAt: T0 + 3_600_000, now: T0 });
  for (const [i, id] of ['o_lead', 'o_b', 'o_c'].entries()) s = holdSeat(s, { orderId: id, buyerEmail: `${id}@x.test`, holdExpiresAt: T0 + 900_000, now: T0 + i }).state;
  return s;
}

describe('a member leaving an open group, and the leader shown', () => {
  it('drops a refunded seat while open; the opener leads while paid, then the earliest payer', () => {
    let s = group();
    s = paySeat(s, { orderId: 'o_lead', now: T0 + 10 }).state;
    s = paySeat(s, { orderId: 'o_c', now: T0 + 20 }).state;
    s = paySeat(s, { orderId: 'o_b', now: T0 + 30 }).state;
    expect(shownLeader(s, 'o_lead')?.orderId).toBe('o_lead');
    const left = leaveSeat(s, { orderId: 'o_lead' });
    expect(left.effects).toEqual([]);
    expect(left.state.seats.map((x) => x.orderId)).toEqual(['o_b', 'o_c']);
    expect(left.state.expiresAt).toBe(s.expiresAt);
    expect(shownLeader(left.state, 'o_lead')?.orderId).toBe('o_c');
    // A seat already gone, or an unknown order: nothing changes (the same state object).
    expect(leaveSeat(left.state, { orderId: 'o_lead' }).state).toBe(left.state);
  });

  it('keeps a decided group’s seats', () => {
    let s = group(3);
    for (const id of ['o_lead', 'o_b', 'o_c']) s = paySeat(s, { orderId: id, now: T0 + 5 }).state;
    expect(s.status).toBe('succeeded');
    expect(leaveSeat(s, { orderId: 'o_b' }).state).toBe(s);
    const failed = expireGroup(paySeat(group(), { orderId: 'o_b', now: T0 + 5 }).state, T0 + 3_600_000).state;
    expect(failed.status).toBe('failed');
    expect(leaveSeat(failed, { orderId: 'o_b' }).state).toBe(failed);
  });

  it('shows no leader while no seat is paid', () => {
    expect(shownLeader(group(), 'o_lead')).toBeNull();
  });
});
