// The histories' flash-sale operations, as generated: pure, like generate.ts (flash-sales.ts runs and checks them).
import { prng } from '../../storage-helpers';

export type FlashOp = { t: 'flash'; stock: number; quantity: number; buyers: number; pay: number; plain: boolean; stop: boolean };

/** About half the histories run a sale: in the first wave, and in some later ones. A stream of its own, so old seeds keep their schedule. */
export function addFlashOps(n: number, waves: unknown[][]): void {
  const r = prng(n ^ 0x3c6ef372);
  if (r() < 0.5) return;
  const stock = 2 + Math.floor(r() * 5);
  const quantity = 1 + Math.floor(r() * stock);
  for (const [w, wave] of waves.entries()) {
    if (w > 0 && r() < 0.5) continue;
    wave.push({ t: 'flash', stock, quantity, buyers: 1 + Math.floor(r() * 5), pay: Math.floor(r() * 3), plain: r() < 0.3, stop: w > 0 && r() < 0.3 } satisfies FlashOp);
  }
}

