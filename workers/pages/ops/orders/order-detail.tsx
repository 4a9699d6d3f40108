// /ops/orders/:id: timeline, items, buyer, attribution, ledger entries, and the forms that move
// the order on (ship, deliver, refund). Only the actions its status allows are offered.
import type { OrderView } from '../../../../shared/orders/order-schemas';
import { dateTimeIn, moneyIn } from '../../../../shared/i18n';
import { useLang, useT } from '../../i18n';
import type { Meta } from '../../layout';
import { DataTable } from '../data-table';
import { Notice, OpsShell } from '../shell';

import type { LedgerLine } from '../../../../shared/ledger/ledger-schemas';

export interface OrderDetailView {
  order: OrderView;
  ledger: LedgerLine[];
  ok?: string;
  error?: string;
  /** What was typed into the ship form, shown again when it failed. */
  ship?: { carrier: string; trackingNumber: string; invalid?: boolean };
}

const SHIPPABLE = ['paid', 'confirmed'];
const REFUNDABLE = ['paid', 'awaiting_group', 'confirmed', 'shipped', 'delivered', 'completed'];

export function OpsOrderDetailPage(props: { meta: Meta; view: OrderDetailView }) {
  const t = useT().opsConsole.orders;
  // Order states are named once, in the main dictionary, for buyers and ops alike.
  const statusName = useT().order.status as Record<string, string>;
  const lang = useLang();
  const { order: o, ledger } = props.view;
  const ship = props.view.ship;
  const canShip = SHIPPABLE.includes(o.status);
  const canDeliver = o.status === 'shipped';
  const canRefund = REFUNDABLE.includes(o.status) && !o.refundRequested;
  const a = o.shippingAddress;
  return (
    <OpsShell meta={props.meta} current="orders">
      <p>
        <a class="link" href="/ops/orders">
          ← {t.back}
        </a>
      </p>
      <h1>
        {t.id} {o.id}
      </h1>
      <p data-order-status={o.status}>
        <b>{statusName[o.status]}</b> · {moneyIn(lang, o.total)}
        {o.refundedAmount.amount > 0 && (
          <span data-refunded-amount={o.refundedAmount.amount}> · {useT().afterSales.refunded(moneyIn(lang, o.refundedAmount))}</span>
        )}
      </p>
      <Notice ok={props.view.ok} error={props.view.error} />

      <section class="panel" aria-labelledby="act-h">
        <h2 id="act-h" style="margin-top:0">
          {t.actions}
        </h2>
        {canShip && (
          <form class="form" method="post" action={`/ops/orders/${o.id}/ship`}>
            <label for="carrier">{t.carrier}</label>
            <input id="carrier" type="text" name="carrier" required maxlength={60} value={ship?.carrier ?? ''} aria-invalid={ship?.invalid ? 'true' : undefined} />
            <label for="trackingNumber">{t.trackingNumber}</label>
            <input id="trackingNumber" type="text" name="trackingNumber" required maxlength={100} value={ship?.trackingNumber ?? ''} aria-invalid={ship?.invalid ? 'true' : undefined} />
            <button class="btn primary" type="submit" style="width:100%;margin-top:12px">
              {t.ship}
            </button>
          </form>
        )}
        {canDeliver && (
          <form class="form" method="post" action={`/ops/orders/${o.id}/deliver`}>
            <button class="btn primary" type="submit" style="width:100%">
              {t.deliver}
            </button>
          </form>
        )}
        {canRefund && (
          <form class="form" method="post" action={`/ops/orders/${o.id}/refund`} style="margin-top:14px">
            <p class="hint">{t.refundWarning}</p>
            <button class="btn ghost" type="submit" style="width:100%">
              {t.refund}
            </button>
          </form>
        )}
        {o.refundRequested && o.status !== 'refunded' && <p class="muted">{t.refundRequested}</p>}
        {!canShip && !canDeliver && !canRefund && <p class="muted">{t.noActions}</p>}
      </section>

      <section class="panel" aria-labelledby="tl-h">
        <h2 id="tl-h" style="margin-top:0">{t.timeline}</h2>
        <ol class="timeline">
          {o.timeline.map((p) => (
            <li data-timeline={p.status}>
              {statusName[p.status]} · <span class="muted">{dateTimeIn(lang, p.at)}</span>
            </li>
          ))}
        </ol>
        {o.shipment && (
          <p>
            {t.shipment}: {o.shipment.carrier} · {o.shipment.trackingNumber}
          </p>
        )}
      </section>

      <section class="panel" aria-labelledby="it-h">
        <h2 id="it-h" style="margin-top:0">{t.items}</h2>
        <ul>
          {o.items.map((i) => (
            <li>
              <a class="link" href={`/ops/products/${i.productId}`}>
                {i.title}
              </a>{' '}
              × {i.quantity} · {moneyIn(lang, i.unitPrice)}
            </li>
          ))}
        </ul>
        <p>
          {t.buyer}: {o.buyer.name} · {o.buyer.email}
        </p>
        <p>
          {t.address}: {a.name}, {a.line1}, {a.city} {a.postalCode}, {a.country}
        </p>
        <p>
          {t.payment}: {t.provider[o.payment.provider] ?? o.payment.provider} · {t.paymentStatus[o.payment.status] ?? o.payment.status}
        </p>
        <p>
          {t.attribution}: {o.attribution ? `${o.attribution.sellerId}${o.attribution.channel ? ` · ${o.attribution.channel}` : ''}` : t.none_}
        </p>
      </section>

      <section class="panel" aria-labelledby="lg-h">
        <h2 id="lg-h" style="margin-top:0">{t.ledger}</h2>
        <DataTable
          frame="section"
          rows={ledger}
          rowAttrs={(e) => ({ 'data-ledger': e.kind })}
          empty={t.noLedger}
          columns={[
            { label: '#', cell: (e) => e.seq },
            { label: t.kind, cell: (e) => t.kindName[e.kind] ?? e.kind },
            { label: useT().opsConsole.overview.seller, cell: (e) => (e.handle ? `@${e.handle}` : e.sellerId) },
            { label: t.level, cell: (e) => e.level ?? '—' },
            { label: t.amount, cell: (e) => moneyIn(lang, { amount: e.amount, currency: 'CNY' }) },
            { label: t.date, cell: (e) => dateTimeIn(lang, e.createdAt) },
          ]}
        />
      </section>
    </OpsShell>
  );
}
