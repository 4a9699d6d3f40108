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

export type AfterSaleEmailKind = 'after_sale_requested' | 'after_sale_approved' | 'after_sale_rejected' | 'after_sale_returned' | 'after_sale_refunded';

interface AfterSaleEmailValues {
  orderId: string;
  amount: string;
  reason?: string | null;
}

const AFTER_SALE_TEXT: Record<Locale, Record<AfterSaleEmailKind, (v: AfterSaleEmailValues) => { subject: string; text: string }>> = {
  'zh-CN': {
    after_sale_requested: (v) => ({ subject: `已收到退货申请 ${v.orderId}`, text: `我们已收到订单 ${v.orderId} 的退货退款申请（${v.amount}），会尽快审核。` }),
    after_sale_approved: (v) => ({ subject: `退货申请已通过 ${v.orderId}`, text: `订单 ${v.orderId} 的退货申请已通过。请寄回商品，并在订单页填写快递单号。` }),
    after_sale_rejected: (v) => ({ subject: `退货申请未通过 ${v.orderId}`, text: `订单 ${v.orderId} 的退货申请未通过。原因：${v.reason ?? ''}` }),
    after_sale_returned: (v) => ({ subject: `已收到退货单号 ${v.orderId}`, text: `订单 ${v.orderId} 的退货单号已登记，我们收到商品后会立即退款 ${v.amount}。` }),
    after_sale_refunded: (v) => ({ subject: `已退款 ${v.orderId}`, text: `订单 ${v.orderId} 的 ${v.amount} 已原路退回。` }),
  },
  en: {
    after_sale_requested: (v) => ({ subject: `Return request received ${v.orderId}`, text: `We have your return request for order ${v.orderId} (${v.amount}) and will answer it soon.` }),
    after_sale_approved: (v) => ({ subject: `Return approved ${v.orderId}`, text: `Your return for order ${v.orderId} is approved. Send the items back and enter the tracking number on the order page.` }),
    after_sale_rejected: (v) => ({ subject: `Return not approved ${v.orderId}`, text: `Your return for order ${v.orderId} was not approved. Reason: ${v.reason ?? ''}` }),
    after_sale_returned: (v) => ({ subject: `Return tracking received ${v.orderId}`, text: `We have the tracking number for your return of order ${v.orderId}. We refund ${v.amount} as soon as the items arrive.` }),
    after_sale_refunded: (v) => ({ subject: `Refunded ${v.orderId}`, text: `${v.amount} for order ${v.orderId} has been refunded to your original payment method.` }),
  },
};

export const afterSaleEmailText = (lang: Locale, kind: AfterSaleEmailKind, v: AfterSaleEmailValues) => AFTER_SALE_TEXT[lang][kind](v);
