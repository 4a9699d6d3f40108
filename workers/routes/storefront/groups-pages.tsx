// Group pages (/g/:id) and the checkout form (/buy/:productId) that starts an order: alone,
// opening a group, or joining one. The form posts to the server, which creates the order
// through the same verb as POST /api/orders and sends the buyer on to the payment page.
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError } from '../../../shared/errors';
import { moneyIn } from '../../../shared/i18n';
import { messagesOf } from '../../language';
import { ID_PATTERN, randomToken } from '../../../shared/ids';
import { OrderCreateBody } from '../../../shared/orders/order-schemas';
import type { Messages } from '../../../shared/i18n';
import type { ZodError } from 'zod';
import type { Product } from '../../../shared/schemas';
import type { Ctx } from '../../middleware';
import { BuyPage, type BuyForm, type BuyMode } from '../../pages/storefront/buy';
import { GroupPage, withRef } from '../../pages/storefront/group';
import { errorHint } from '../../pages/error';
import type { Meta } from '../../pages/layout';
import { cardMeta, groupShareExtras } from './card-meta';
import { groupCardVersion } from '../../services/cards/card-version';
import { getProductView, withLiveStock } from '../../services/catalog/catalog';
import { variantFromQuery } from '../../pages/storefront/variant-picker';
import { createOrder } from '../../services/orders/checkout';
import { flashSaleDefinition } from '../../services/promotions/flash-sale-objects';
import { clientOf } from '../../services/trust/fraud-signals';
import { getDecidedGroupPageView, getGroupPageView, getGroupVariantCounts } from '../../services/groups/groups';
import { REF_COOKIE } from '../../services/identity/tokens';
import { findBargain } from '../../services/promotions/bargains';
import { html } from '../html';
import { buyerEmailOf } from '../buyer/coupons';
import { couponsForProduct } from '../../services/promotions/coupons';
import { notFoundPage, pageLang } from './catalog-pages';

const absolute = (c: Context<Ctx>, path: string) => new URL(path, c.req.url).toString();

const refOf = (c: Context<Ctx>) => {
  const r = c.req.query('ref');
  return r && r.length <= 2000 ? r : undefined;
};

async function activeProduct(c: Context<Ctx>, id: string): Promise<Product | null> {
  if (!ID_PATTERN.test(id)) return null;
  const p = await getProductView(c.env, c.var.db, id);
  return p && p.active ? p : null;
}

const MODES: readonly BuyMode[] = ['alone', 'open', 'join'];
const isMode = (m: unknown): m is BuyMode => typeof m === 'string' && (MODES as readonly string[]).includes(m);

async function renderBuy(c: Context<Ctx>, p: Product, form: BuyForm, error?: string, status: 200 | 400 | 404 | 409 | 422 = 200) {
  const v = form.variantId ? p.variants.find((x) => x.id === form.variantId) : undefined;
  let unitPrice = v?.price.amount ?? p.price.amount;
  if (form.mode === 'open' && p.groupBuy) {
    // The leader's price, as checkout charges it (holdGroupOrder): 团长价 where there is one.
    const member = (v?.groupPrice ?? p.groupBuy.price).amount;
    const lead = (v?.leaderPrice ?? p.groupBuy.leaderPrice)?.amount;
    unitPrice = lead !== undefined ? Math.min(lead, member) : member;
  }
  if (form.mode === 'join' && form.groupId) {
    unitPrice = v?.groupPrice?.amount ?? (await getGroupPageView(c.env, form.groupId))?.priceAmount ?? p.groupBuy?.price.amount ?? unitPrice;
  }
  // A flash sale's page sends its buyers here: the sale's price (from its object, not Postgres).
  if (form.flashSale) unitPrice = (await flashSaleDefinition(c.env, form.flashSale))?.priceAmount ?? unitPrice;
  // A bargain's owner pays its floor (checkout checks it is theirs and has succeeded).
  if (form.bargainId) unitPrice = (await findBargain(c.env, c.var.db, form.bargainId))?.floorPrice.amount ?? unitPrice;
  if (p.options.length > 0 && !v) {
    // No variant chosen yet (a join from the group page, or a choice that is not on sale): pick first.
    p = await withLiveStock(c.env, p);
  }
  const meta: Meta = { title: `${p.title} · ${messagesOf(c).buy.checkout} · Pinlink`, description: p.description.slice(0, 120), url: absolute(c, `/buy/${p.id}`) };
  c.header('cache-control', 'private, no-store');
  // A plain order may take a coupon: the signed-in buyer's, ordering with their own email.
  const buyer = form.mode === 'alone' ? await buyerEmailOf(c) : undefined;
  const coupons = buyer ? await couponsForProduct(c.var.db(), buyer, p) : undefined;
  if (buyer && coupons?.length && !form.email) form = { ...form, email: buyer };
  return html(c, <BuyPage meta={meta} product={p} form={form} unitPrice={unitPrice} error={error} variant={v} coupons={coupons} />, status);
}

const text = (v: unknown, max = 300) => (typeof v === 'string' ? v.trim().slice(0, max) : undefined);

/** The form fields a validation failure names, by their labels in the page's language (zod's own words are English). */
function invalidFields(err: ZodError, t: Messages['buy']): string {
  const labels: Record<string, string> = {
    email: t.email,
    name: t.name,
    line1: t.address,
    city: t.city,
    postalCode: t.postalCode,
    country: t.country,
    phone: t.phoneOptional,
    quantity: t.quantity,
  };
  const named = new Set<string>();
  for (const issue of err.issues) {
    const field = [...issue.path].reverse().find((k) => typeof k === 'string' && k in labels);
    if (typeof field === 'string') named.add(labels[field]!);
  }
  return [...named].join(' · ');
}

export const groupPageRoutes = new Hono<Ctx>()
  .get('/g/:id', async (c) => {
    const id = c.req.param('id');
    const view = (await getGroupPageView(c.env, id)) ?? (await getDecidedGroupPageView(c.var.db(), id));
    const product = view ? await activeProduct(c, view.group.productId) : null;
    const t = messagesOf(c).group;
    if (!view || !product) return notFoundPage(c, t.missing);
    const g = view.group;
    const path = `/g/${g.id}`;
    const price = moneyIn(c.var.lang, { amount: view.priceAmount, currency: 'CNY' });
    const meta: Meta = {
      title: t.pageTitle(price, g.size, product.title),
      description: `${t.pageDescription(Math.max(0, g.size - g.members))} ${product.title}`,
      ...cardMeta(c, `/card/g/${g.id}.png`, groupCardVersion(product, g, view.priceAmount, Date.now()), `${product.title} · ${g.members}/${g.size}`),
      url: absolute(c, path),
      type: 'product',
    };
    // Who picked what is shown only as counts per variant.
    const counts = product.options.length > 0 ? await getGroupVariantCounts(c.var.db(), g.id) : [];
    const picks = counts.flatMap(({ variantId, count }) => {
      const v = product.variants.find((x) => x.id === variantId);
      return v ? [{ label: product.options.map((o) => v.options[o.name]).join(' / '), count }] : [];
    });
    c.header('cache-control', 'no-store');
    return html(
      c,
      <GroupPage
        picks={picks}
        meta={meta}
        group={g}
        product={product}
        groupPrice={view.priceAmount}
        initials={view.memberInitials}
        leaderInitials={view.leaderInitials}
        joinHref={withRef(`/buy/${product.id}?mode=join&group=${g.id}`, refOf(c))}
        share={{ path, url: meta.url, title: meta.title, text: meta.description, ...groupShareExtras(c, g) }}
        now={Date.now()}
      />,
    );
  })
  .get('/buy/:productId', async (c) => {
    const p = await activeProduct(c, c.req.param('productId'));
    const t = messagesOf(c);
    if (!p) return notFoundPage(c, t.product.missing);
    const mode = isMode(c.req.query('mode')) ? (c.req.query('mode') as BuyMode) : 'alone';
    const groupId = c.req.query('group');
    if (mode !== 'alone' && !p.groupBuy) return notFoundPage(c, t.product.noGroupOffer);
    if (mode === 'join' && !(groupId && ID_PATTERN.test(groupId))) return notFoundPage(c, t.group.missing);
    const variant = p.options.length > 0 ? variantFromQuery(p, (name) => c.req.query(name)) : undefined;
    const asked = c.req.query('o0') !== undefined || c.req.query('variant') !== undefined;
    const flashSale = mode === 'alone' && ID_PATTERN.test(c.req.query('flashSale') ?? '') ? c.req.query('flashSale') : undefined;
    const bargainId = mode === 'alone' && !flashSale && ID_PATTERN.test(c.req.query('bargain') ?? '') ? c.req.query('bargain') : undefined;
    const form: BuyForm = { mode, groupId: mode === 'join' ? groupId : undefined, ref: refOf(c), idem: randomToken(24), variantId: variant?.id, flashSale, bargainId };
    if (p.options.length > 0 && !variant && asked) return renderBuy(c, p, form, t.product.variantMissing, 400);
    return renderBuy(c, p, form);
  })
  .post('/buy/:productId', async (c) => {
    const p = await activeProduct(c, c.req.param('productId'));
    if (!p) return notFoundPage(c);
    const f = (await c.req.parseBody().catch(() => ({}))) as Record<string, unknown>;
    const mode: BuyMode = isMode(f.mode) ? f.mode : 'alone';
    const bargainId = mode === 'alone' ? text(f.bargain, 60) || undefined : undefined;
    const quantity = mode === 'alone' && !bargainId ? Number(text(f.quantity, 3) ?? '1') : 1;
    const form: BuyForm = {
      mode,
      groupId: mode === 'join' ? text(f.group, 60) : undefined,
      ref: text(f.ref, 2000) || undefined,
      idem: text(f.idem, 60) || randomToken(24),
      variantId: text(f.variant, 60) || undefined,
      flashSale: mode === 'alone' ? text(f.flashSale, 60) || undefined : undefined,
      email: text(f.email, 254),
      name: text(f.name, 100),
      line1: text(f.line1),
      city: text(f.city, 100),
      postalCode: text(f.postalCode, 20),
      country: text(f.country, 60),
      phone: text(f.phone, 40) || undefined,
      quantity,
      bargainId,
      coupon: mode === 'alone' ? text(f.coupon, 60) || undefined : undefined,
    };
    const parsed = OrderCreateBody.safeParse({
      items: [{ productId: p.id, ...(form.variantId ? { variantId: form.variantId } : {}), quantity }],
      buyer: { email: form.email, name: form.name },
      shippingAddress: { name: form.name, line1: form.line1, city: form.city, postalCode: form.postalCode, country: form.country, phone: form.phone },
      ref: form.ref,
      group: mode === 'open' ? { open: true } : mode === 'join' ? { join: form.groupId } : undefined,
      flashSale: form.flashSale,
      bargain: bargainId,
      coupon: form.coupon,
    });
    const t = messagesOf(c).buy;
    if (!parsed.success) {
      const fields = invalidFields(parsed.error, t);
      return renderBuy(c, p, form, fields ? t.checkForm(fields) : errorHint(pageLang(c), 'invalid_input'), 400);
    }
    try {
      const r = await createOrder(
        { env: c.env, db: c.var.db() },
        { body: parsed.data, idempotencyKey: `buy-${form.idem}`, refCookie: getCookie(c, REF_COOKIE), session: c.var.session, origin: new URL(c.req.url).origin, lang: pageLang(c), client: clientOf(c.env, c.req.raw), buyerEmail: form.coupon ? await buyerEmailOf(c) : undefined },
      );
      return c.redirect(r.body.payment.checkoutUrl, 303);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status >= 500) throw e;
      const messages: Partial<Record<string, string>> = {
        group_full: t.groupFull,
        group_closed: t.groupClosed,
        already_member: t.alreadyMember,
        out_of_stock: t.outOfStock,
        rate_limited: messagesOf(c).site.tooManyRequests,
      };
      if (e.headers) for (const [k, v] of Object.entries(e.headers)) c.header(k, v);
      // A used form gets a fresh key, so fixing the input is a new attempt.
      return renderBuy(c, p, { ...form, idem: randomToken(24) }, messages[e.code] ?? errorHint(pageLang(c), e.code), e.status as 400 | 404 | 409 | 422);
    }
  });
