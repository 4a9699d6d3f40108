// What callers send to and get back from a GroupBuy object: its RPC contract, apart from the
// object's logic (objects/group-buy.ts) so services can import it without the class.
import type { GroupErrorCode, GroupSnapshot, SeatState } from '../../shared/group-state';

export interface SeatRequest {
  orderId: string;
  buyerEmail: string;
  buyerName: string;
  /** ms epoch: the order's reservation window. */
  holdExpiresAt: number;
}

export interface OpenRequest {
  id: string;
  productId: string;
  size: number;
  expiresAt: number;
  priceAmount: number;
  autoFillPercent: number | null;
  leader: SeatRequest;
}

export type SeatResult =
  /** `fresh`: this call took the seat (false when the same order already had it). */
  | { ok: true; group: GroupSnapshot; priceAmount: number; fresh: boolean }
  | { ok: false; code: GroupErrorCode | 'not_found' | 'wrong_product' | 'conflict' };

export interface GroupPageView {
  group: GroupSnapshot;
  priceAmount: number;
  /** Initials of the paying members, in the order they joined. Never emails. */
  memberInitials: string[];
}

export interface OpsGroupView {
  group: GroupSnapshot;
  autoFilled: number;
  autoFillPercent: number | null;
  priceAmount: number;
  leaderOrderId: string;
  decidedAt: string | null;
  seats: { orderId: string; state: SeatState; holdExpiresAt: string }[];
  pendingWrites: number;
}
