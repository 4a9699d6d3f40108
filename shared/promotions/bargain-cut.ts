// The bargain cut (砍价): how much one help takes off. Pure, with the random source injected, so
// the property test can drive it and the Bargain object can use Math.random.
//
// The rules (issue 20; yudao ignores its own minimum, and we must not):
// - every cut is at least 1 fen, and leaves at least 1 fen for every help still to come;
// - the `helpersNeeded`-th cut takes exactly what is left, so the price lands on the floor;
// - so the cuts sum exactly to start − floor.

/** A source of uniform numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

/**
 * The next cut, in fen. `remaining` is what is still to take off (price − floor) and `helpsLeft`
 * counts this help and those after it. A cut is drawn from 1 to twice the even share (capped so
 * every later help can still take 1 fen), so early helpers take more on average without one help
 * emptying the bargain.
 */
export function nextCut(remaining: number, helpsLeft: number, random: RandomSource): number {
  if (!Number.isInteger(remaining) || !Number.isInteger(helpsLeft) || helpsLeft < 1 || remaining < helpsLeft) {
    throw new RangeError(`no cut leaves 1 fen for each of ${helpsLeft} helps out of ${remaining} fen`);
  }
  if (helpsLeft === 1) return remaining;
  const most = remaining - (helpsLeft - 1);
  const upper = Math.max(1, Math.min(most, Math.floor((2 * remaining) / helpsLeft)));
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 0.999_999_999) : 0;
  return 1 + Math.floor(unit * upper);
}

/**
 * Why a bargain offer cannot work at this start price, or null when it can: the floor must be
 * below the price, and the gap must give every helper at least 1 fen.
 */
export function bargainOfferProblem(startAmount: number, floorAmount: number, helpersNeeded: number): string | null {
  if (floorAmount >= startAmount) return 'bargain.floorPrice must be lower than the price.';
  if (startAmount - floorAmount < helpersNeeded) {
    return `bargain: price − floorPrice must be at least 0.01 for each of the ${helpersNeeded} helpers.`;
  }
  return null;
}
