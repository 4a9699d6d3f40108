/**
 * The one order of precedence for who an order is attributed to (API.md v3, "Binding"):
 * a seller code, then a link, then the buyer's binding, then the group's (a joiner with nothing
 * of their own), else nobody. A binding in `first` mode that is still in force beats a link, but
 * never a code. Self-purchase and the fraud signals are applied by the caller to whatever wins.
 */
import type { BINDING_MODES } from '../program/program-schemas';

export type AttributionSource = 'link' | 'binding' | 'group' | 'code';
export const ATTRIBUTION_SOURCES = ['link', 'binding', 'group', 'code'] as const satisfies readonly AttributionSource[];
export type BindingMode = (typeof BINDING_MODES)[number];

export interface SourceCandidate {
  sellerId: string;
}

export interface BindingCandidate {
  sellerId: string;
  /** ms since the epoch; null = permanent. */
  expiresAt: number | null;
}

export interface SourceInput<C extends SourceCandidate> {
  code?: C | null;
  link?: C | null;
  binding?: BindingCandidate | null;
  group?: C | null;
  bindingMode: BindingMode;
  /** ms since the epoch */
  now: number;
}

export type SourceChoice<C extends SourceCandidate> =
  | { source: 'code' | 'link' | 'group'; winner: C }
  | { source: 'binding'; winner: BindingCandidate };

/** A binding holds while its expiry is in the future (the expiry instant itself has lapsed). */
export function bindingInForce(b: BindingCandidate | null | undefined, now: number): b is BindingCandidate {
  return !!b && (b.expiresAt === null || b.expiresAt > now);
}

export function chooseAttributionSource<C extends SourceCandidate>(input: SourceInput<C>): SourceChoice<C> | null {
  const binding = bindingInForce(input.binding, input.now) ? input.binding : null;
  if (input.code) return { source: 'code', winner: input.code };
  if (binding && input.bindingMode === 'first') return { source: 'binding', winner: binding };
  if (input.link) return { source: 'link', winner: input.link };
  if (binding) return { source: 'binding', winner: binding };
  if (input.group) return { source: 'group', winner: input.group };
  return null;
}

/**
 * What a paid attributed order does to the buyer's binding: bind (no binding in force, or
 * `latest` moving it), or keep it. `new_buyers_only` binds only a buyer with no earlier paid
 * order, and so never moves a binding. The payment transaction applies this in one statement.
 */
export function bindingAfterPayment(input: {
  mode: BindingMode;
  current: BindingCandidate | null;
  hasEarlierPaidOrder: boolean;
  now: number;
}): 'bind' | 'keep' {
  if (input.mode === 'new_buyers_only') return input.hasEarlierPaidOrder ? 'keep' : 'bind';
  if (input.mode === 'latest') return 'bind';
  return bindingInForce(input.current, input.now) ? 'keep' : 'bind';
}
