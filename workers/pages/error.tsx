import type { ErrorCode } from '../../shared/errors';
import type { Locale } from '../../shared/i18n';
import { Layout, type Meta } from './layout';

// Keyed by error code, not by the API message: those are English, and a page speaks one language.
const TEXT: Record<Locale, { codes: Record<ErrorCode, [title: string, hint: string]>; home: string; request: string }> = {
  'zh-CN': {
    codes: {
      invalid_input: ['请求有误', '请检查填写的内容后再试。'],
      unauthorized: ['请先登录', '登录已失效，请重新登录。'],
      forbidden: ['没有权限', '这个页面不对当前账号开放。'],
      not_found: ['页面不存在', '链接可能已失效。'],
      out_of_stock: ['已售罄', '库存不足，换个商品看看吧。'],
      group_full: ['团已满', '这个团已经满员，可以自己开一个新团。'],
      group_closed: ['团已结束', '这个团已经结束，可以自己开一个新团。'],
      already_member: ['已经在团里了', '同一个邮箱在一个团里只能买一份。'],
      conflict: ['操作没有完成', '数据刚刚有变化，请刷新后再试。'],
      coupon_not_applicable: ['优惠不可用', '这个优惠码或优惠券不能用于这笔订单。'],
      insufficient_balance: ['余额不足', '可提现余额不够这笔提现。'],
      coupon_exhausted: ['券已抢光', '这张优惠券已经被领完了。'],
      limit_reached: ['超出限购', '这件商品每人限购的数量已经用完。'],
      not_started: ['活动还没开始', '请在开始时间之后再来。'],
      ended: ['活动已结束', '下次早点来吧。'],
      already_helped: ['已经帮砍过了', '每人只能帮同一个砍价砍一刀。'],
      bargain_closed: ['砍价已结束', '这个砍价已经结束或已经下单。'],
      idempotency_mismatch: ['请求有误', '请刷新页面后重新提交。'],
      rate_limited: ['操作太频繁', '请稍后再试。'],
      internal: ['出错了', '我们这边出了问题，请稍后再试。'],
      unavailable: ['服务繁忙', '请稍后再试。'],
    },
    home: '回到首页',
    request: '请求编号',
  },
  en: {
    codes: {
      invalid_input: ['Something is wrong with the request', 'Please check what you entered and try again.'],
      unauthorized: ['Please sign in', 'Your session has ended; sign in again.'],
      forbidden: ['Not allowed', 'This page is not open to this account.'],
      not_found: ['Page not found', 'The link may have expired.'],
      out_of_stock: ['Sold out', 'There is not enough stock left.'],
      group_full: ['This group is full', 'You can start a new group yourself.'],
      group_closed: ['This group has ended', 'You can start a new group yourself.'],
      already_member: ['You are already in this group', 'One email can take one seat in a group.'],
      conflict: ['That did not go through', 'Something changed meanwhile; refresh and try again.'],
      coupon_not_applicable: ['Discount not available', 'This code or coupon cannot be used on this order.'],
      insufficient_balance: ['Not enough balance', 'Your available balance does not cover this withdrawal.'],
      coupon_exhausted: ['All claimed', 'Every one of these coupons has been claimed.'],
      limit_reached: ['Purchase limit reached', 'You have already bought as many of this as one buyer may.'],
      not_started: ['Not started yet', 'Come back once it starts.'],
      ended: ['It has ended', 'Come earlier next time.'],
      already_helped: ['Already helped', 'Each buyer can help one bargain once.'],
      bargain_closed: ['This bargain is closed', 'It has ended, or it was already bought.'],
      idempotency_mismatch: ['Something is wrong with the request', 'Refresh the page and submit again.'],
      rate_limited: ['Too many attempts', 'Please try again in a moment.'],
      internal: ['Something went wrong', 'The problem is on our side; please try again in a moment.'],
      unavailable: ['We are busy', 'Please try again in a moment.'],
    },
    home: 'Go to the home page',
    request: 'Request id',
  },
};

export const errorTitle = (lang: Locale, code: ErrorCode) => TEXT[lang].codes[code][0];
/** What to do about it, in the page's language (forms that answer a refusal inline). */
export const errorHint = (lang: Locale, code: ErrorCode) => TEXT[lang].codes[code][1];

/** An error on a page route: plain words in the visitor's language, and the id to quote to support. */
export function ErrorPage(props: { meta: Meta; lang: Locale; code: ErrorCode; requestId: string }) {
  const t = TEXT[props.lang];
  const [title, hint] = t.codes[props.code];
  return (
    <Layout meta={props.meta}>
      <div class="empty" role="alert">
        <h1>{title}</h1>
        <p>{hint}</p>
        <p>
          <a class="btn primary" href="/">
            {t.home}
          </a>
        </p>
        <p class="muted">
          {t.request}: <code>{props.requestId}</code>
        </p>
      </div>
    </Layout>
  );
}
