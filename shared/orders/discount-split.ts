/**
 * The one place an order's discount is split over its lines (API.md v3, money rules).
 *
 * Each line's share is proportional to its amount, floored to the fen; the remainder goes on
 * the last line the discount applies to (spilling to the line before only when the last line
 * is smaller than the remainder, so no line is ever paid below 0). Checkout writes each line's `payAmount` from it;
 * commission, refunds and after-sales read `payAmount` and never split again.
 *
 * A discount larger than the lines in scope is capped at their sum, so no line goes below 0.
 * Lines outside the scope (`inScope[i] === false`) get no share.
 */
export function splitDiscount(amounts: readonly number[], discount: number, inScope?: readonly boolean[]): number[] {
  for (const a of amounts) {
    if (!Number.isSafeInteger(a) || a < 0) throw new RangeError(`line amount must be a non-negative integer, got ${a}`);
  }
  if (!Number.isSafeInteger(discount) || discount < 0) throw new RangeError(`discount must be a non-negative integer, got ${discount}`);
  const shares = amounts.map(() => 0);
  const idx = amounts.map((_, i) => i).filter((i) => inScope?.[i] ?? true);
  const base = idx.reduce((s, i) => s + amounts[i]!, 0);
  const d = Math.min(discount, base);
  if (d === 0 || idx.length === 0) return shares;
  let given = 0;
  for (const i of idx.slice(0, -1)) {
    // BigInt keeps amount × discount exact beyond 2^53 for large orders.
    const share = Number((BigInt(amounts[i]!) * BigInt(d)) / BigInt(base));
    shares[i] = share;
    given += share;
  }
  // The remainder goes on the last line. When the discount is nearly the whole subtotal the
  // last line may be too small to take all of it; what it can't take moves to the line
  // before, and so on (the lines' total room is base − d + remainder, so it always fits).
  let rest = d - given;
  for (let k = idx.length - 1; k >= 0 && rest > 0; k--) {
    const i = idx[k]!;
    const take = Math.min(rest, amounts[i]! - shares[i]!);
    shares[i] = shares[i]! + take;
    rest -= take;
  }
  return shares;
}

/** Each line's pay amount: its amount less its share of the discount. */
export function payAmounts(amounts: readonly number[], discount: number, inScope?: readonly boolean[]): number[] {
  const shares = splitDiscount(amounts, discount, inScope);
  return amounts.map((a, i) => a - shares[i]!);
}

/**
 * The pay amount of `quantity` units out of a line of `lineQuantity` units paid `payAmount`:
 * an even share per unit, floored, with the line's remainder on the last unit refunded. Units
 * refunded earlier (`alreadyRefunded`) are counted so the final refund of a line returns
 * exactly what is left of it.
 */
export function unitsPayAmount(payAmount: number, lineQuantity: number, alreadyRefunded: number, quantity: number): number {
  if (lineQuantity < 1 || quantity < 0 || alreadyRefunded < 0 || alreadyRefunded + quantity > lineQuantity) {
    throw new RangeError('refund quantity out of range');
  }
  const before = Math.floor((payAmount * alreadyRefunded) / lineQuantity);
  const after = alreadyRefunded + quantity === lineQuantity ? payAmount : Math.floor((payAmount * (alreadyRefunded + quantity)) / lineQuantity);
  return after - before;
}
