// The buyer's after-sales (售后) panel, on /account and on the order page: each request and its
// state, the form to ask (lines, units, reason), the return's tracking number, and in plain
// words why the order can't take a request now. Plain forms: no JavaScript needed.
import { dateIn, moneyIn } from '../../../shared/i18n';
import type { AfterSalePanel as PanelData, AfterSaleView } from '../../../shared/orders/after-sale-schemas';
import { useLang, useT } from '../i18n';

/** Where the panel's forms post, and the hidden fields they carry (the order page's token). */
export interface PanelActions {
  ask: string;
  sendBack: (afterSaleId: string) => string;
  hidden?: Record<string, string>;
}

function Hidden(props: { fields?: Record<string, string> }) {
  return <>{Object.entries(props.fields ?? {}).map(([name, value]) => <input type="hidden" name={name} value={value} />)}</>;
}

function AfterSaleItem(props: { a: AfterSaleView; titles: Map<string, string>; actions: PanelActions }) {
  const T = useT().afterSales;
  const lang = useLang();
  const a = props.a;
  return (
    <li data-after-sale={a.id} data-after-sale-status={a.status} style="margin:8px 0">
      <b>{T.kind[a.kind]}</b> · <span data-after-sale-state>{T.status[a.status]}</span> · <span class="price">{moneyIn(lang, a.amount)}</span>
      <div class="muted">{a.lines.map((l) => `${props.titles.get(l.productId) ?? l.productId} × ${l.quantity}`).join('，')}</div>
      {a.refund && <div class="muted">{T.refundState[a.refund]}</div>}
      {a.rejectReason && <div class="muted">{T.rejectReason(a.rejectReason)}</div>}
      {a.returnShipment && <div class="muted">{T.tracking(a.returnShipment.carrier, a.returnShipment.trackingNumber)}</div>}
      {a.status === 'approved' && (
        <form method="post" action={props.actions.sendBack(a.id)} data-send-back style="margin-top:6px">
          <Hidden fields={props.actions.hidden} />
          <div class="muted">{T.sendBack}</div>
          <label style="display:block">
            {T.carrier}
            <input name="carrier" required maxlength={60} autocomplete="off" style="width:100%;padding:8px" />
          </label>
          <label style="display:block">
            {T.trackingNumber}
            <input name="trackingNumber" required maxlength={100} autocomplete="off" style="width:100%;padding:8px" />
          </label>
          <button class="btn primary" type="submit" style="margin-top:6px">
            {T.send}
          </button>
        </form>
      )}
    </li>
  );
}

function AskForm(props: { panel: PanelData; kind: 'refund' | 'return'; actions: PanelActions }) {
  const T = useT().afterSales;
  const p = props.panel;
  return (
    <form method="post" action={props.actions.ask} data-ask={props.kind} style="margin-top:8px">
      <Hidden fields={props.actions.hidden} />
      <input type="hidden" name="kind" value={props.kind} />
      <h3 style="margin:4px 0">{props.kind === 'refund' ? T.askRefund : T.askReturn}</h3>
      <p class="muted" style="margin:4px 0">{props.kind === 'refund' ? T.refundHint : T.returnHint(p.returnDays)}</p>
      {p.lines
        .filter((l) => l.left > 0)
        .map((l) => (
          <label style="display:flex;justify-content:space-between;align-items:center;gap:8px;margin:4px 0">
            <span>
              {l.title} <span class="muted">({T.left(l.left)})</span>
            </span>
            <input name={`q_${l.productId}`} type="number" min={0} max={l.left} value="0" inputmode="numeric" aria-label={`${T.units} ${l.title}`} style="width:64px;padding:6px" />
          </label>
        ))}
      <label style="display:block;margin-top:6px">
        {T.reason}
        <select name="reason" required style="width:100%;padding:8px">
          {T.reasons.map((r) => (
            <option value={r}>{r}</option>
          ))}
        </select>
      </label>
      <label style="display:block;margin-top:6px">
        {T.note}
        <textarea name="note" maxlength={1000} style="width:100%;min-height:48px" />
      </label>
      <button class="btn primary" type="submit" style="margin-top:6px">
        {T.submit}
      </button>
    </form>
  );
}

/** Why neither kind can be asked for now, in plain words (the window's end date when it passed). */
function WhyNot(props: { panel: PanelData }) {
  const T = useT().afterSales;
  const lang = useLang();
  const p = props.panel;
  const block = p.block.refund === 'shipped_use_return' || p.block.refund === 'not_paid' ? p.block.return : p.block.refund;
  if (!block) return null;
  return (
    <p class="muted" data-after-sale-block={block}>
      {block === 'window_passed' && p.returnUntil ? T.windowPassed(p.returnDays, dateIn(lang, p.returnUntil)) : T.why[block]}
    </p>
  );
}

export function AfterSalePanel(props: { panel: PanelData; actions: PanelActions; error?: string }) {
  const T = useT().afterSales;
  const lang = useLang();
  const p = props.panel;
  const titles = new Map(p.lines.map((l) => [l.productId, l.title]));
  const kind = p.block.refund === null ? 'refund' : p.block.return === null ? 'return' : null;
  return (
    <div class="panel" data-after-sales={p.orderId}>
      <h2 style="margin-top:0">{T.title}</h2>
      {props.error && (
        <p class="price" data-error role="alert">
          {props.error}
        </p>
      )}
      {p.refundedAmount.amount > 0 && <p data-refunded-amount={p.refundedAmount.amount}>{T.refunded(moneyIn(lang, p.refundedAmount))}</p>}
      {p.afterSales.length > 0 ? (
        <ul style="padding-left:18px;margin:4px 0">
          {p.afterSales.map((a) => (
            <AfterSaleItem a={a} titles={titles} actions={props.actions} />
          ))}
        </ul>
      ) : (
        kind === null && <p class="muted">{T.none}</p>
      )}
      {kind ? <AskForm panel={p} kind={kind} actions={props.actions} /> : <WhyNot panel={p} />}
    </div>
  );
}
