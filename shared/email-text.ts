// Email subjects and bodies, per language. Pure: the Worker fills in the values.
import type { Locale } from './i18n';

export type OrderEmailKind = 'order_confirmed' | 'order_shipped' | 'group_succeeded' | 'group_failed';

interface OrderEmailValues {
  orderId: string;
  total: string;
  carrier?: string | null;
  trackingNumber?: string | null;
}

const ORDER_TEXT: Record<Locale, Record<OrderEmailKind, (v: OrderEmailValues) => { subject: string; text: string }>> = {
  'zh-CN': {
    order_confirmed: (v) => ({ subject: `订单已确认 ${v.orderId}`, text: `感谢购买！订单 ${v.orderId} 已付款，合计 ${v.total}。我们发货后会再通知你。` }),
    order_shipped: (v) => ({ subject: `订单已发货 ${v.orderId}`, text: `订单 ${v.orderId} 已发货：${v.carrier ?? ''} ${v.trackingNumber ?? ''}。` }),
    group_succeeded: (v) => ({ subject: `拼团成功 ${v.orderId}`, text: `拼团成功！订单 ${v.orderId} 已确认，我们会尽快发货。` }),
    group_failed: (v) => ({ subject: `拼团未成功，已退款 ${v.orderId}`, text: `很遗憾，拼团未成功。订单 ${v.orderId} 的 ${v.total} 已原路退回。` }),
  },
  en: {
    order_confirmed: (v) => ({ subject: `Order confirmed ${v.orderId}`, text: `Thank you! Order ${v.orderId} is paid (${v.total}). We will tell you when it ships.` }),
    order_shipped: (v) => ({ subject: `Order shipped ${v.orderId}`, text: `Order ${v.orderId} has shipped: ${v.carrier ?? ''} ${v.trackingNumber ?? ''}.` }),
    group_succeeded: (v) => ({ subject: `Group buy succeeded ${v.orderId}`, text: `The group is complete. Order ${v.orderId} is confirmed and will ship soon.` }),
    group_failed: (v) => ({ subject: `Group buy did not fill: refunded ${v.orderId}`, text: `The group did not fill. ${v.total} for order ${v.orderId} has been refunded.` }),
  },
};

export const orderEmailText = (lang: Locale, kind: OrderEmailKind, v: OrderEmailValues) => ORDER_TEXT[lang][kind](v);

export function codeEmailText(lang: Locale, code: string) {
  return lang === 'en'
    ? { subject: `Your Pinlink sign-in code: ${code}`, text: `Your sign-in code is ${code}. It works once, for 10 minutes.` }
    : { subject: `Pinlink 登录验证码：${code}`, text: `你的登录验证码是 ${code}，10 分钟内有效，仅可使用一次。` };
}

/** Which status change sends which email (null: none). */
export function orderEmailKindFor(from: string, to: string): OrderEmailKind | null {
  if (from === 'pending_payment' && (to === 'paid' || to === 'awaiting_group')) return 'order_confirmed';
  if (to === 'shipped') return 'order_shipped';
  if (from === 'awaiting_group' && to === 'confirmed') return 'group_succeeded';
  if (from === 'awaiting_group' && to === 'refunded') return 'group_failed';
  return null;
}
