// P4t: P4's burst on a real flash sale (秒杀): 2,000 buyers at the start for its 100 units, each
// order naming `flashSale`. The product holds more than the sale, so the figures also check that
// the sale sold exactly its quantity and the product's own stock did not move. Same targets as P4.
import { api, createProduct, orderBody, uniq } from './api';
import { BASELINE, burst, buyersWithRetry, p4Figures, type FlashSale, type Figure, type Profile } from './scenarios';

const EXTRA = 50;

export async function p4tFlashSale(base: string, prof: Profile, opsToken: string, queries: () => number, baselineRps: number): Promise<Figure[]> {
  const product = await createProduct(base, opsToken, { title: 'Flash sale (秒杀) burst', stock: prof.orderStock + EXTRA });
  const made = await api(base, '/api/ops/flash-sales', {
    token: opsToken,
    body: { productId: product.id, price: { amount: 1900, currency: 'CNY' }, quantity: prof.orderStock, startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString() },
  });
  if (made.status !== 201) throw new Error(`P4t: the sale was not made: ${made.status} ${JSON.stringify(made.body)}`);
  const saleId = made.body.flashSale.id as string;
  await fetch(`${base}/flash/${saleId}`); // warm the sale like its page would
  const body = (tag: string) => ({ ...orderBody(product.id, uniq(tag)), flashSale: saleId });
  const baselineBurst = (await buyersWithRetry(base, BASELINE, prof.orderAttempts, () => ({ body: body('bb'), key: uniq('k') }))).result;
  await new Promise((r) => setTimeout(r, 500));
  const before = queries();
  const b = await buyersWithRetry(base, '/api/orders', prof.orderAttempts, () => ({ body: body('fs'), key: uniq('k') }));
  const statements = queries() - before;
  await new Promise((r) => setTimeout(r, 300));
  const beforeLate = queries();
  const late = await burst(base, '/api/orders', Math.min(200, prof.orderAttempts), () => ({ body: body('late'), key: uniq('k') }));
  const soldOut = { attempts: late.result.requests, statements: queries() - beforeLate, codes: late.codes };
  const sale = (await api(base, `/api/flash-sales/${saleId}`)).body?.flashSale;
  const productLeft = (await api(base, `/api/products/${product.id}`)).body?.product?.stockAvailable;
  const run: FlashSale = { shards: 1, result: b.result, codes: b.codes, retries: b.retries, stockAfter: sale?.remaining ?? null, statements, soldOut, baselineBurst };
  const figures = p4Figures(prof, [run], baselineRps).map((f) => ({ ...f, id: f.id.replace(/^P4/, 'P4t'), label: f.label.replace('P4 flash sale', 'P4t flash sale (flashSale orders)') }));
  const kept = productLeft === EXTRA;
  figures.push({
    id: 'P4t.productKept',
    label: `P4t flash sale: the product's own stock after the burst (set aside ${prof.orderStock}, ${EXTRA} left for regular orders)`,
    value: productLeft ?? null,
    unit: 'units',
    target: `= ${EXTRA}`,
    met: kept,
    status: 'measured',
  });
  return figures;
}
