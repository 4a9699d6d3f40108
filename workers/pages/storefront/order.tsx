import { dateTimeIn, moneyIn } from '../../../shared/i18n';
import type { Money } from '../../../shared/money';
import { ShareSheet, type ShareInfo } from '../components';
import type { OrderView } from '../../../shared/orders/order-schemas';
import { useLang, useT } from '../i18n';
import { Layout, type Meta } from '../layout';
import { OrderBuyerLinks } from '../buyer/account';
import { AfterSalePanel, type PanelActions } from '../buyer/after-sales';
import type { AfterSalePanel as AfterSalePanelData } from '../../../shared/orders/after-sale-schemas';

function useFormat() {
  const lang = useLang();
  return { money: (m: Money) => moneyIn(lang, m), time: (at: string) => dateTimeIn(lang, at) };
}

export function OrderItems(props: { order: OrderView }) {
  const f = useFormat();
  const t = useT().order;
  const c = useT().coupons;
  return (
    <div>
      {props.order.items.map((i) => (
        <div style="display:flex;justify-content:space-between;gap:8px;margin:4px 0">
          <span>
            {i.title} × {i.quantity}
          </span>
          <span>{f.money({ amount: i.unitPrice.amount * i.quantity, currency: i.unitPrice.currency })}</span>
        </div>
      ))}
      {props.order.discount.amount > 0 && (
        <>
          <div style="display:flex;justify-content:space-between;margin-top:8px" class="muted">
            <span>{c.subtotal}</span>
            <span>{f.money(props.order.subtotal)}</span>
          </div>
          <div style="display:flex;justify-content:space-between" data-discount={props.order.discount.amount}>
            <span>{c.discount}</span>
            <span class="price">−{f.money(props.order.discount)}</span>
          </div>
        </>
      )}
      <div style="display:flex;justify-content:space-between;margin-top:8px">
        <b>{t.total}</b>
        <b class="price">{f.money(props.order.total)}</b>
      </div>
    </div>
  );
}

export function OrderPage(props: {
  meta: Meta;
  order: OrderView;
  payUrl?: string;
  invite?: ShareInfo;
  afterSales?: { panel: AfterSalePanelData; actions: PanelActions; error?: string };
}) {
  const o = props.order;
  const f = useFormat();
  const t = useT().order;
  return (
    <Layout meta={props.meta} scripts={props.invite ? ['/js/share.js'] : undefined}>
      <div class="panel">
        <div class="muted">
          {t.order} {o.id}
        </div>
        <h1 data-status={o.status}>{t.status[o.status]}</h1>
        {o.groupId && (
          <a href={`/g/${o.groupId}`} style="text-decoration:underline" data-group-link>
            {t.viewGroup}
          </a>
        )}
        {props.invite && <ShareSheet share={props.invite} />}
        {props.payUrl && (
          <div class="actions">
            <a class="btn primary" href={props.payUrl}>
              {t.payNow}
            </a>
          </div>
        )}
      </div>
      <div class="panel">
        <h2 style="margin-top:0">{t.timeline}</h2>
        <ol class="timeline" style="padding-left:20px;margin:0">
          {o.timeline.map((s) => (
            <li data-status={s.status}>
              <b>{t.status[s.status]}</b> <span class="muted">{f.time(s.at)}</span>
            </li>
          ))}
        </ol>
        {o.shipment && (
          <p class="muted">
            {o.shipment.carrier} · {o.shipment.trackingNumber}
          </p>
        )}
      </div>
      <div class="panel">
        <OrderItems order={o} />
      </div>
      {props.afterSales && (
        <div id="after-sales">
          <AfterSalePanel {...props.afterSales} />
        </div>
      )}
      {o.status !== 'pending_payment' && <OrderBuyerLinks status={o.status} />}
      <div class="panel muted">
        {o.shippingAddress.name} · {o.shippingAddress.line1}, {o.shippingAddress.city} {o.shippingAddress.postalCode}, {o.shippingAddress.country}
      </div>
    </Layout>
  );
}

/** The built-in test provider's checkout: two buttons that post signed events through the webhook path. */
export function TestPayPage(props: { meta: Meta; order: OrderView; token: string }) {
  const o = props.order;
  const open = o.status === 'pending_payment';
  const f = useFormat();
  const t = useT().order;
  return (
    <Layout meta={props.meta}>
      <div class="panel">
        <div class="muted">{t.testProvider}</div>
        <h1>{f.money(o.total)}</h1>
        <OrderItems order={o} />
      </div>
      {open ? (
        <div class="panel actions">
          <form method="post" action={`/pay/test/${o.id}/pay`} style="flex:1">
            <input type="hidden" name="t" value={props.token} />
            <button class="btn primary" type="submit" style="width:100%">
              {t.pay}
            </button>
          </form>
          <form method="post" action={`/pay/test/${o.id}/fail`} style="flex:1">
            <input type="hidden" name="t" value={props.token} />
            <button class="btn ghost" type="submit" style="width:100%">
              {t.fail}
            </button>
          </form>
        </div>
      ) : (
        <div class="panel">
          {t.status[o.status]} ·{' '}
          <a href={`/o/${o.id}?t=${encodeURIComponent(props.token)}`} style="text-decoration:underline">
            {t.view}
          </a>
        </div>
      )}
    </Layout>
  );
}
