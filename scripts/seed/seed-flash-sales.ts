// Demo flash sales (秒杀), made through the running Worker so their units are set aside like a
// real sale's: one on now, one starting tomorrow at 10:00 in the store's zone (Asia/Shanghai).
import { localInputToInstant } from '../../shared/promotions/local-time';
import { demoProductId } from './seed-demo';

export async function seedLiveFlashSales(base: string, ops: { email: string; password: string }): Promise<void> {
  const call = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as any;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
    return json;
  };
  const token = (await call('/api/auth/login', ops)).token as string;
  const now = Date.now();
  const tomorrow = new Date(now + 86_400_000).toISOString().slice(0, 10);
  const tenAm = localInputToInstant(`${tomorrow}T10:00`, 'Asia/Shanghai')!.getTime();
  const cny = (amount: number) => ({ amount, currency: 'CNY' });
  await call('/api/ops/flash-sales', { productId: demoProductId('Tea00001'), price: cny(1990), quantity: 20, startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 6 * 3_600_000).toISOString(), limits: { perBuyer: 2 } }, token);
  await call('/api/ops/flash-sales', { productId: demoProductId('Snk00001'), price: cny(990), quantity: 30, startsAt: new Date(tenAm).toISOString(), endsAt: new Date(tenAm + 2 * 3_600_000).toISOString() }, token);
}
