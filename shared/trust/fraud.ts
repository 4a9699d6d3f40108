/**
 * Referral fraud rules, pure: the thresholds (from wrangler vars) and which signals the facts
 * gathered at click and order time raise. The Worker gathers the facts; this module decides.
 */

import type { Money } from '../money';

export const FRAUD_SIGNAL_KINDS = [
  'self_purchase_visitor',
  'self_purchase_address',
  'self_purchase_email',
  'click_spike_visitor',
  'click_spike_asn',
  'address_repeat',
  'refund_burst',
] as const;
export type FraudSignalKind = (typeof FRAUD_SIGNAL_KINDS)[number];
/** `open`: an order's commission held until ops decide; `observed`: a link or seller fact; then `released` / `reversed`. */
export const FRAUD_SIGNAL_STATES = ['open', 'released', 'reversed', 'observed'] as const;
export type FraudSignalState = (typeof FRAUD_SIGNAL_STATES)[number];

export type HoldDecision = 'release' | 'reverse';

/**
 * The decisions that mean something for a held order in this status. Reverse always does: the
 * order never earns commission, whether it has accrued yet or not. Release does only while the
 * order may still earn: a refunded or cancelled order never will, so there is nothing to release.
 */
export function decisionsFor(orderStatus: string | null): HoldDecision[] {
  if (orderStatus === null) return [];
  return orderStatus === 'refunded' || orderStatus === 'cancelled' ? ['reverse'] : ['release', 'reverse'];
}

/** A signal as ops see it (API and page). */
export interface SignalView {
  id: string;
  kind: FraudSignalKind;
  state: FraudSignalState;
  orderId: string | null;
  orderStatus: string | null;
  orderTotal: Money | null;
  sellerId: string | null;
  sellerHandle: string | null;
  linkId: string | null;
  linkCode: string | null;
  observed: number;
  threshold: number;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export interface FraudThresholds {
  /** Human clicks on one link from one visitor within a click window that make a spike. */
  clickSpikeVisitor: number;
  /** Human clicks on one link from one network (ASN) within a click window that make a spike. */
  clickSpikeAsn: number;
  /** Orders through one link to one shipping address (this one included) within ADDRESS_WINDOW_DAYS. */
  addressOrders: number;
  /** Refunds of one seller's attributed orders within REFUND_WINDOW_HOURS that make a burst. */
  refundBurst: number;
}

export const DEFAULT_FRAUD_THRESHOLDS: FraudThresholds = { clickSpikeVisitor: 30, clickSpikeAsn: 500, addressOrders: 5, refundBurst: 10 };

/** Click spikes are counted per link in fixed windows of this length. */
export const CLICK_WINDOW_MS = 60 * 60_000;
/** An order on a link whose clicks spiked this recently is held. */
export const SPIKE_HOLD_MS = 24 * 60 * 60_000;
export const ADDRESS_WINDOW_DAYS = 30;
export const REFUND_WINDOW_HOURS = 24;
/**
 * Refunds the platform decides on its own (a group that failed or a seat it could not honour, a
 * payment voided for want of stock or for arriving late): the seller had no hand in them, so
 * they never count towards a refund burst. Every other refund (ops refunding a buyer's order, or
 * one made at the provider outside Pinlink) does.
 */
export const PLATFORM_REFUND_REASONS = ['group_failed', 'voided_out_of_stock', 'voided_late_payment'] as const;
export type PlatformRefundReason = (typeof PLATFORM_REFUND_REASONS)[number];

const positive = (v: string | undefined, fallback: number) => {
  const n = Number(v);
  return v !== undefined && v.trim() !== '' && Number.isSafeInteger(n) && n >= 1 ? n : fallback;
};

export function fraudThresholds(env: {
  FRAUD_CLICK_SPIKE_VISITOR?: string;
  FRAUD_CLICK_SPIKE_ASN?: string;
  FRAUD_ADDRESS_ORDERS?: string;
  FRAUD_REFUND_BURST?: string;
}): FraudThresholds {
  const d = DEFAULT_FRAUD_THRESHOLDS;
  return {
    clickSpikeVisitor: positive(env.FRAUD_CLICK_SPIKE_VISITOR, d.clickSpikeVisitor),
    clickSpikeAsn: positive(env.FRAUD_CLICK_SPIKE_ASN, d.clickSpikeAsn),
    addressOrders: positive(env.FRAUD_ADDRESS_ORDERS, d.addressOrders),
    refundBurst: positive(env.FRAUD_REFUND_BURST, d.refundBurst),
  };
}

export type OrderSignalKind = FraudSignalKind;

/** What the order-time query found about an attributed order. */
export interface OrderFacts {
  /** The buyer's email is the attributed seller's account email. */
  sellerEmail: boolean;
  /** The order came from a visitor hash the seller was seen with today (null: no usable address). */
  sellerVisitor: boolean | null;
  /** The shipping address is one the seller's own orders as a buyer shipped to. */
  sellerAddress: boolean;
  /** Earlier orders through this link to this address within the window. */
  earlierAddressOrders: number;
  /** Kinds of click spikes seen on the link within SPIKE_HOLD_MS. */
  recentSpikes: ('click_spike_visitor' | 'click_spike_asn')[];
  /** The seller is in a refund burst. */
  refundBurst: boolean;
}

export interface OrderSignal {
  kind: OrderSignalKind;
  observed: number;
  threshold: number;
}

/** The holds an attributed, commissionable order gets. An empty list is a normal order. */
export function orderSignals(f: OrderFacts, t: FraudThresholds): OrderSignal[] {
  const out: OrderSignal[] = [];
  if (f.sellerEmail) out.push({ kind: 'self_purchase_email', observed: 1, threshold: 1 });
  if (f.sellerVisitor) out.push({ kind: 'self_purchase_visitor', observed: 1, threshold: 1 });
  if (f.sellerAddress) out.push({ kind: 'self_purchase_address', observed: 1, threshold: 1 });
  const atAddress = f.earlierAddressOrders + 1;
  if (atAddress >= t.addressOrders) out.push({ kind: 'address_repeat', observed: atAddress, threshold: t.addressOrders });
  for (const k of new Set(f.recentSpikes)) out.push({ kind: k, observed: 1, threshold: k === 'click_spike_asn' ? t.clickSpikeAsn : t.clickSpikeVisitor });
  if (f.refundBurst) out.push({ kind: 'refund_burst', observed: 1, threshold: t.refundBurst });
  return out;
}

/** Whether a tally crossed the threshold with this batch: once per window, however clicks were batched. */
export function crossings(before: number, added: number, threshold: number): boolean {
  return before < threshold && before + added >= threshold;
}

export const clickWindow = (ms: number) => Math.floor(ms / CLICK_WINDOW_MS);
