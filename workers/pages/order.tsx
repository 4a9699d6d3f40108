import { formatMoney } from '../../shared/money';
import type { OrderStatus } from '../../shared/order-state';
import type { OrderView } from '../../shared/order-schemas';
import { Layout, type Meta } from './layout';
import { OrderBuyerLinks } from './account';

export const STATUS_LABEL: Record<OrderStatus, string> = {
  pending_payment: '待支付 · Awaiting payment',
  paid: '已支付 · Paid',
  awaiting_group: '待成团 · Paid, waiting for the group',
  confirmed: '已确认 · Confirmed',
  shipped: '已发货 · Shipped',
  delivered: '已送达 · Delivered',
  completed: '已完成 · Completed',
  cancelled: '已取消 · Cancelled',
  refunded: '已退款 · Refunded',
};

const fmtTime = (iso: string) => iso.replace('T', ' ').slice(0, 16) + ' UTC';

export function OrderItems(props: { order: OrderView }) {
  return (
    <div>
      {props.order.items.map((i) => (
        <div style="display:flex;justify-content:space-between;gap:8px;margin:4px 0">
          <span>
            {i.title} × {i.quantity}
          </span>
          <span>{formatMoney({ amount: i.unitPrice.amount * i.quantity, currency: i.unitPrice.currency })}</span>
        </div>
      ))}
      <div style="display:flex;justify-content:space-between;margin-top:8px">
        <b>合计 · Total</b>
        <b class="price">{formatMoney(props.order.total)}</b>
      </div>
    </div>
  );
}

export function OrderPage(props: { meta: Meta; order: OrderView; payUrl?: string }) {
  const o = props.order;
  return (
    <Layout meta={props.meta}>
      <div class="panel">
        <div class="muted">订单 · Order {o.id}</div>
        <h1 data-status={o.status}>{STATUS_LABEL[o.status]}</h1>
        {o.groupId && (
          <a href={`/g/${o.groupId}`} style="text-decoration:underline" data-group-link>
            查看拼团 · View your group
          </a>
        )}
        {props.payUrl && (
          <div class="actions">
            <a class="btn primary" href={props.payUrl}>
              去支付 · Pay now
            </a>
          </div>
        )}
      </div>
      <div class="panel">
        <h2 style="margin-top:0">进度 · Timeline</h2>
        <ol class="timeline" style="padding-left:20px;margin:0">
          {o.timeline.map((t) => (
            <li data-status={t.status}>
              <b>{STATUS_LABEL[t.status]}</b> <span class="muted">{fmtTime(t.at)}</span>
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
  return (
    <Layout meta={props.meta}>
      <div class="panel">
        <div class="muted">测试支付 · Test payment provider</div>
        <h1>{formatMoney(o.total)}</h1>
        <OrderItems order={o} />
      </div>
      {open ? (
        <div class="panel actions">
          <form method="post" action={`/pay/test/${o.id}/pay`} style="flex:1">
            <input type="hidden" name="t" value={props.token} />
            <button class="btn primary" type="submit" style="width:100%">
              支付 · Pay
            </button>
          </form>
          <form method="post" action={`/pay/test/${o.id}/fail`} style="flex:1">
            <input type="hidden" name="t" value={props.token} />
            <button class="btn ghost" type="submit" style="width:100%">
              失败 · Fail
            </button>
          </form>
        </div>
      ) : (
        <div class="panel">
          {STATUS_LABEL[o.status]} ·{' '}
          <a href={`/o/${o.id}?t=${encodeURIComponent(props.token)}`} style="text-decoration:underline">
            查看订单 · View order
          </a>
        </div>
      )}
    </Layout>
  );
}
