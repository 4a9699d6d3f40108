// Buyer pages: /account/login and /account. Their words are in shared/i18n/account.*.ts.
import { dateTimeIn } from '../../../shared/i18n';
import type { OrderView } from '../../../shared/orders/order-schemas';
import type { Product } from '../../../shared/schemas';
import { Layout, type Meta } from '../layout';
import { useLang, useT } from '../i18n';
import type { AfterSalePanel as AfterSalePanelData } from '../../../shared/orders/after-sale-schemas';
import { AfterSalePanel } from './after-sales';
import { CodeSignIn } from './code-sign-in';
import { CouponCentre, type CouponCentreData } from './coupon-centre';

export function AccountLoginPage(props: { meta: Meta; email?: string; error?: string }) {
  const T = useT().account;
  return (
    <Layout meta={props.meta}>
      <div class="panel">
        <h1 style="margin-top:0">{T.loginTitle}</h1>
        {!props.email && <p class="muted">{T.loginHint}</p>}
        <CodeSignIn action="/account/login" email={props.email} error={props.error} />
      </div>
    </Layout>
  );
}

export interface AccountData {
  email: string;
  orders: OrderView[];
  reviewed: Set<string>;
  following: { handle: string; displayName: string }[];
  picks: { handle: string; displayName: string; product: Product }[];
  /** Per paid order: its after-sales panel. */
  afterSales: Record<string, AfterSalePanelData>;
  coupons: CouponCentreData;
}

const reviewable = (o: OrderView) => o.status === 'delivered' || o.status === 'completed';

function ReviewForm(props: { productId: string }) {
  const T = useT().account;
  return (
    <form method="post" action={`/account/reviews/${props.productId}`} class="review-form" style="margin-top:6px">
      <select name="rating" aria-label={T.stars}>
        {[5, 4, 3, 2, 1].map((n) => (
          <option value={String(n)}>{'★'.repeat(n)}</option>
        ))}
      </select>
      <textarea name="text" required maxlength={2000} placeholder={T.reviewText} style="width:100%;min-height:60px;margin-top:6px" />
      <button class="btn ghost" type="submit">
        {T.submitReview}
      </button>
    </form>
  );
}

export function ShareEarn(props: { form?: boolean }) {
  const T = useT().account;
  return (
    <div class="panel" data-share-earn>
      <h2 style="margin-top:0">{T.shareEarn}</h2>
      <p class="muted">{T.shareEarnHint}</p>
      {props.form ? (
        <form method="post" action="/account/become-seller">
          <input name="handle" required pattern="[a-z0-9_]{3,30}" placeholder={T.handle} style="width:100%;padding:8px;margin:4px 0" />
          <input name="displayName" required maxlength={60} placeholder={T.displayName} style="width:100%;padding:8px;margin:4px 0" />
          <input name="password" type="password" required minlength={8} placeholder={T.password} style="width:100%;padding:8px;margin:4px 0" />
          <button class="btn primary" type="submit">
            {T.becomeSeller}
          </button>
        </form>
      ) : (
        <a class="btn primary" href="/account#share-earn">
          {T.becomeSeller}
        </a>
      )}
    </div>
  );
}

export function AccountPage(props: { meta: Meta; data: AccountData; error?: string; afterSaleError?: string; couponNotice?: { text: string; warn?: boolean } }) {
  const T = useT().account;
  const d = props.data;
  const lang = useLang();
  const status = useT().order.status;
  return (
    <Layout meta={props.meta}>
      <div class="panel">
        <h1 style="margin-top:0">{T.myOrders}</h1>
        <div class="muted">{d.email}</div>
        {props.error && <p class="price" data-error>{props.error}</p>}
        {props.afterSaleError && (
          <p class="price" data-error id="after-sales" role="alert">
            {props.afterSaleError}
          </p>
        )}
      </div>
      <CouponCentre data={d.coupons} notice={props.couponNotice} />
      {d.orders.length === 0 && <div class="panel muted">{T.noOrders}</div>}
      {d.orders.map((o) => (
        <div class="panel" data-order={o.id}>
          <div class="muted">{o.id}</div>
          <b data-status={o.status}>{status[o.status]}</b>
          <ol class="timeline" style="padding-left:20px;margin:6px 0">
            {o.timeline.map((t) => (
              <li>
                {status[t.status]} <span class="muted">{dateTimeIn(lang, t.at)}</span>
              </li>
            ))}
          </ol>
          {o.items.map((i) => (
            <div>
              <a href={`/p/${i.productId}`}>{i.title}</a> × {i.quantity}
              {reviewable(o) && !d.reviewed.has(i.productId) && <ReviewForm productId={i.productId} />}
            </div>
          ))}
          {d.afterSales[o.id] && (
            <AfterSalePanel
              panel={d.afterSales[o.id]!}
              actions={{ ask: `/account/after-sales/${o.id}`, sendBack: (id) => `/account/after-sales/${id}/return` }}
            />
          )}
        </div>
      ))}
      <div class="panel">
        <h2 style="margin-top:0">{T.following}</h2>
        {d.following.length === 0 && <p class="muted">{T.noFollowing}</p>}
        {d.following.map((f) => (
          <div>
            <a href={`/@${f.handle}`}>{f.displayName}</a> <span class="muted">@{f.handle}</span>
          </div>
        ))}
      </div>
      {d.picks.length > 0 && (
        <div class="panel">
          <h2 style="margin-top:0">{T.newPicks}</h2>
          {d.picks.map((p) => (
            <div>
              <a href={`/@${p.handle}/p/${p.product.id}`}>{p.product.title}</a> <span class="muted">· {p.displayName}</span>
            </div>
          ))}
        </div>
      )}
      <div id="share-earn">
        <ShareEarn form />
      </div>
    </Layout>
  );
}

/** On the order page after payment: the way to all orders, and after delivery the seller call to action. */
export function OrderBuyerLinks(props: { status: string }) {
  const T = useT().account;
  return (
    <>
      <div class="panel">
        <a href="/account" data-my-orders>
          {T.myOrders} →
        </a>
      </div>
      {(props.status === 'delivered' || props.status === 'completed') && <ShareEarn />}
    </>
  );
}
