// A flash sale (秒杀): its definition, and the start and end alarms (API.md v3 "Flash sales").
// Checkout asks this object (or an isolate memo of it) whether the sale is open, so a refusal
// before the start or after the end costs no Postgres statement. At the end, the alarm gives the
// unsold units back to the product in passes: one at the end, then one after the last hold still
// open on the sale's Stock object has lapsed or been paid, until none is left.
import { DurableObject } from 'cloudflare:workers';
import type { FlashSaleDefinition } from '../../shared/promotions/flash-sale-schemas';
import type { AppEnv } from '../env';

/** One pass of the return: idempotent for a given `seq` (the units it takes and gives back are keyed on it). */
export type ReturnUnsold = (sale: FlashSaleDefinition, pass: { seq: number; returnedBefore: number }) => Promise<{ taken: number; heldUntil: number }>;

/** A failed pass is tried again this much later; a pass waiting on holds looks again this long after the last lapses. */
const RETRY_MS = 30_000;
const AFTER_LAST_HOLD_MS = 5_000;

interface Progress {
  seq: number;
  returned: number;
  settled: boolean;
}

export class FlashSale extends DurableObject<AppEnv> {
  now: () => number = () => Date.now();
  /** Set by the composition root (workers/index.ts). */
  returnUnsold: ReturnUnsold = async () => {
    throw new Error('FlashSale was built without its effects (see workers/index.ts)');
  };

  /** Stores the sale (the first definition wins: a retry of the creation changes nothing) and sets the first alarm. */
  async define(sale: FlashSaleDefinition): Promise<FlashSaleDefinition> {
    const existing = await this.ctx.storage.get<FlashSaleDefinition>('sale');
    if (existing) return existing;
    await this.ctx.storage.put('sale', sale);
    await this.ctx.storage.setAlarm(Math.max(this.now(), sale.startsAt > this.now() ? sale.startsAt : sale.endsAt));
    return sale;
  }

  /** The sale's creation failed after this object learned it: it never existed. */
  async forget(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  async get(): Promise<(FlashSaleDefinition & { returned: number; settled: boolean }) | null> {
    const sale = await this.ctx.storage.get<FlashSaleDefinition>('sale');
    if (!sale) return null;
    const p = await this.progress();
    return { ...sale, returned: p.returned, settled: p.settled };
  }

  /** Ops end the sale now (never later than planned): it closes and gives its unsold units back at once. */
  async stop(at: number): Promise<FlashSaleDefinition | null> {
    const sale = await this.ctx.storage.get<FlashSaleDefinition>('sale');
    if (!sale) return null;
    if (at < sale.endsAt) {
      // Stopped before it began: it never opens (start and end both at the stop).
      sale.startsAt = Math.min(sale.startsAt, at);
      sale.endsAt = at;
      await this.ctx.storage.put('sale', sale);
      await this.alarm();
    }
    return sale;
  }

  override async alarm(): Promise<void> {
    const sale = await this.ctx.storage.get<FlashSaleDefinition>('sale');
    if (!sale) return;
    const now = this.now();
    if (now < sale.endsAt) return this.ctx.storage.setAlarm(now < sale.startsAt ? sale.startsAt : sale.endsAt);
    const p = await this.progress();
    if (p.settled) return;
    let next: number | undefined;
    try {
      const r = await this.returnUnsold(sale, { seq: p.seq, returnedBefore: p.returned });
      const after: Progress = { seq: p.seq + 1, returned: p.returned + r.taken, settled: r.heldUntil === 0 };
      await this.ctx.storage.put('progress', after);
      if (!after.settled) next = Math.max(r.heldUntil, now) + AFTER_LAST_HOLD_MS;
    } catch (e) {
      console.warn(JSON.stringify({ level: 'warn', msg: 'flash sale: returning unsold units failed, will retry', saleId: sale.id, error: String(e) }));
      next = now + RETRY_MS;
    }
    if (next !== undefined) await this.ctx.storage.setAlarm(next);
  }

  private async progress(): Promise<Progress> {
    return (await this.ctx.storage.get<Progress>('progress')) ?? { seq: 0, returned: 0, settled: false };
  }
}
