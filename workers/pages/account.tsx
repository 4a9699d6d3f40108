// Buyer pages: /account/login and /account. New UI strings live in T (zh-CN, with English), one place per page.
import type { OrderView } from '../../shared/order-schemas';
import type { Product } from '../../shared/schemas';
import { Layout, type Meta } from './layout';
import { useT } from './i18n';

export const T = {
  loginTitle: '登录 · Sign in',
  loginHint: '用下单时的邮箱登录，我们会发送 6 位验证码。 Sign in with the email you ordered with; we email you a 6-digit code.',
  email: '邮箱 · Email',
  sendCode: '发送验证码 · Send code',
  code: '验证码 · Code',
  codeSent: '验证码已发送到',
  signIn: '登录 · Sign in',
  myOrders: '我的订单 · My orders',
  noOrders: '还没有订单。 No orders yet.',
  review: '写评价 · Review',
  reviewText: '说说你的体验 · Your experience',
  stars: '星 · stars',
  submitReview: '提交评价 · Post review',
  following: '关注的小店 · Following',
  noFollowing: '还没有关注小店。 Not following any storefront yet.',
  newPicks: '关注小店的好物 · Picks from storefronts you follow',
  shareEarn: '分享赚钱 · Earn by sharing',
  shareEarnHint: '自购省钱，分享赚钱：开一个自己的小店，分享链接赚佣金。 Open your own storefront and earn commission on what you share.',
  handle: '店铺名（a-z 0-9 _） · Handle',
  displayName: '昵称 · Display name',
  password: '密码（至少 8 位） · Password (8+)',
  becomeSeller: '开店 · Open my storefront',
  follow: '关注 · Follow',
  followers: '粉丝 · followers',
  verified: '已购 · verified purchase',
  reviews: '评价 · Reviews',
  noReviews: '还没有评价。 No reviews yet.',
} as const;

const fmtTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export function AccountLoginPage(props: { meta: Meta; email?: string; error?: string }) {
  return (
    <Layout meta={props.meta}>
      <div class="panel">
        <h1 style="margin-top:0">{T.loginTitle}</h1>
        {props.error && <p class="price" data-error>{props.error}</p>}
        {props.email ? (
          <form method="post" action="/account/login/verify">
            <p class="muted">
              {T.codeSent} {props.email}
            </p>
            <input type="hidden" name="email" value={props.email} />
            <label>
              {T.code}
              <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} required style="width:100%;font-size:20px;padding:8px" />
            </label>
            <div class="actions">
              <button class="btn primary" type="submit">
                {T.signIn}
              </button>
            </div>
          </form>
        ) : (
          <form method="post" action="/account/login">
            <p class="muted">{T.loginHint}</p>
            <label>
              {T.email}
              <input name="email" type="email" autocomplete="email" required style="width:100%;font-size:16px;padding:8px" />
            </label>
            <div class="actions">
              <button class="btn primary" type="submit">
                {T.sendCode}
              </button>
            </div>
          </form>
        )}
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
}

const reviewable = (o: OrderView) => o.status === 'delivered' || o.status === 'completed';

function ReviewForm(props: { productId: string }) {
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

export function AccountPage(props: { meta: Meta; data: AccountData; error?: string }) {
  const d = props.data;
  return (
    <Layout meta={props.meta}>
      <div class="panel">
        <h1 style="margin-top:0">{T.myOrders}</h1>
        <div class="muted">{d.email}</div>
        {props.error && <p class="price" data-error>{props.error}</p>}
      </div>
      {d.orders.length === 0 && <div class="panel muted">{T.noOrders}</div>}
      {d.orders.map((o) => (
        <div class="panel" data-order={o.id}>
          <div class="muted">{o.id}</div>
          <b data-status={o.status}>{useT().order.status[o.status]}</b>
          <ol class="timeline" style="padding-left:20px;margin:6px 0">
            {o.timeline.map((t) => (
              <li>
                {useT().order.status[t.status]} <span class="muted">{fmtTime(t.at)}</span>
              </li>
            ))}
          </ol>
          {o.items.map((i) => (
            <div>
              <a href={`/p/${i.productId}`}>{i.title}</a> × {i.quantity}
              {reviewable(o) && !d.reviewed.has(i.productId) && <ReviewForm productId={i.productId} />}
            </div>
          ))}
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
