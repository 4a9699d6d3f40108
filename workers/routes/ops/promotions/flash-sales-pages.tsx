// /ops/flash-sales: make and stop flash sales through the same audited verbs as the API.
import { Hono } from 'hono';
import { ApiError } from '../../../../shared/errors';
import { storeTimeZone } from '../../../../shared/program/periods';
import { FlashSaleBody } from '../../../../shared/promotions/flash-sale-schemas';
import { instantToLocalInput, localInputToInstant } from '../../../../shared/promotions/local-time';
import type { Ctx } from '../../../middleware';
import { flashSalesPageText, OpsFlashSalesPage, type SaleChoice } from '../../../pages/ops/promotions/flash-sales';
import { listProducts } from '../../../services/catalog/catalog';
import { createFlashSale, listOpsFlashSales, stopFlashSale } from '../../../services/promotions/flash-sales';
import { html } from '../../html';
import { actorOf, idParam, pageMeta, sameOrigin, str, type C } from '../page-helpers';

const HOUR = 3_600_000;

async function render(c: C, opts: { done?: 'created' | 'stopped'; error?: string; form?: Record<string, string> } = {}, status: 200 | 400 | 404 | 409 = 200) {
  const zone = storeTimeZone(c.env.STORE_TIMEZONE);
  const [sales, products] = await Promise.all([listOpsFlashSales(c.env, c.var.db()), listProducts(c.var.db(), { limit: 100 })]);
  const titles: Record<string, string> = {};
  const choices: SaleChoice[] = [];
  for (const p of products.items) {
    titles[p.id] = p.title;
    if (p.options.length === 0) choices.push({ value: p.id, label: `${p.title} (${p.stock})` });
    for (const v of p.options.length ? p.variants : []) {
      const label = `${p.title} · ${Object.values(v.options).join('/')}`;
      titles[v.id] = label;
      choices.push({ value: `${p.id}:${v.id}`, label: `${label} (${v.stock})` });
    }
  }
  // A fresh form proposes the next whole hour, for an hour.
  const next = Math.ceil(Date.now() / HOUR) * HOUR;
  const defaults = { startsAt: instantToLocalInput(new Date(next), zone), endsAt: instantToLocalInput(new Date(next + HOUR), zone) };
  const meta = pageMeta(c, flashSalesPageText(c.var.lang).title);
  return html(c, <OpsFlashSalesPage meta={meta} sales={sales} titles={titles} choices={choices} timeZone={zone} defaults={defaults} {...opts} />, status);
}

export const opsFlashSalePageRoutes = new Hono<Ctx>()
  .get('/ops/flash-sales', (c) => {
    const done = c.req.query('done');
    return render(c, { done: done === 'created' || done === 'stopped' ? done : undefined });
  })
  .post('/ops/flash-sales', sameOrigin, async (c) => {
    const f = await c.req.parseBody();
    const form = Object.fromEntries(['item', 'price', 'quantity', 'startsAt', 'endsAt', 'perBuyer'].map((k) => [k, str(f[k])]));
    const zone = storeTimeZone(c.env.STORE_TIMEZONE);
    const [productId, variantId] = form.item!.split(':');
    const startsAt = localInputToInstant(form.startsAt!, zone);
    const endsAt = localInputToInstant(form.endsAt!, zone);
    const parsed = FlashSaleBody.safeParse({
      productId,
      ...(variantId ? { variantId } : {}),
      price: { amount: Math.round(Number(form.price) * 100), currency: 'CNY' },
      quantity: Number(form.quantity),
      startsAt: startsAt?.toISOString() ?? form.startsAt,
      endsAt: endsAt?.toISOString() ?? form.endsAt,
      ...(form.perBuyer ? { limits: { perBuyer: Number(form.perBuyer) } } : {}),
    });
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      return render(c, { error: `${i?.path.join('.') || 'input'}: ${i?.message ?? 'invalid'}`, form }, 400);
    }
    try {
      await createFlashSale(c.env, c.var.db(), actorOf(c), parsed.data);
    } catch (e) {
      if (e instanceof ApiError && e.status < 500) return render(c, { error: e.message, form }, e.status === 409 ? 409 : e.status === 404 ? 404 : 400);
      throw e;
    }
    return c.redirect('/ops/flash-sales?done=created', 303);
  })
  .post('/ops/flash-sales/:id/stop', sameOrigin, async (c) => {
    try {
      await stopFlashSale(c.env, c.var.db(), actorOf(c), idParam(c));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict') return render(c, { error: e.message }, 409);
      throw e;
    }
    return c.redirect('/ops/flash-sales?done=stopped', 303);
  });
