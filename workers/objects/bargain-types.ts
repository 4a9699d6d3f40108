// What callers send to and get back from a Bargain object: its RPC contract, apart from the
// object's logic (objects/bargain.ts) so services can import it without the class.
import type { BargainStatus, BargainView } from '../../shared/promotions/bargain-schemas';

export interface BargainCut {
  helperEmail: string;
  helperName: string;
  amount: number;
  /** ms epoch */
  at: number;
}

/** Everything the object keeps about its bargain. Emails stay here and in Postgres; views carry names. */
export interface BargainRecord {
  id: string;
  productId: string;
  variantId: string | null;
  ownerEmail: string;
  ownerName: string;
  startPriceAmount: number;
  floorPriceAmount: number;
  helpersNeeded: number;
  /** ms epoch: the deadline alarm. */
  expiresAt: number;
  status: BargainStatus;
  cuts: BargainCut[];
  succeededAt: number | null;
  /** The unpaid order holding the purchase, until it is paid (then `orderId`) or its reservation ends. */
  hold: { orderId: string; expiresAt: number } | null;
  /** The paid order that bought it. */
  orderId: string | null;
}

export type BargainOpen = Omit<BargainRecord, 'status' | 'cuts' | 'succeededAt' | 'hold' | 'orderId'>;

export type HelpResult = { ok: true; cut: number; bargain: BargainView } | { ok: false; code: 'not_found' | 'forbidden' | 'already_helped' | 'bargain_closed' };

export type PurchaseResult =
  | { ok: true; floorPriceAmount: number; productId: string; variantId: string | null }
  | { ok: false; code: 'not_found' | 'forbidden' | 'bargain_closed' };

const cny = (amount: number) => ({ amount, currency: 'CNY' as const });

/** The bargain as the API shows it: helper names, never emails. */
export function bargainView(r: BargainRecord): BargainView {
  const taken = r.cuts.reduce((s, c) => s + c.amount, 0);
  return {
    id: r.id,
    productId: r.productId,
    variantId: r.variantId,
    ownerName: r.ownerName,
    startPrice: cny(r.startPriceAmount),
    floorPrice: cny(r.floorPriceAmount),
    price: cny(r.startPriceAmount - taken),
    helpersNeeded: r.helpersNeeded,
    helps: r.cuts.length,
    status: r.status,
    expiresAt: new Date(r.expiresAt).toISOString(),
    cuts: r.cuts.map((c) => ({ helperName: c.helperName, amount: cny(c.amount), at: new Date(c.at).toISOString() })),
  };
}
