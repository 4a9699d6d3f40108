// The ops console's words (overview, products, orders), zh-CN; spread into the main dictionary.
import type { FieldError } from '../../catalog/ops-product-form';

export const opsConsoleZhCN = {
  nav: { label: '运营后台导航', overview: '概览', products: '商品', orders: '订单', groups: '拼团', sellers: '卖家', withdrawals: '提现', payouts: '结算', program: '分销规则', flashSales: '秒杀', coupons: '优惠券', refunds: '退款', afterSales: '售后', signals: '风险信号', audit: '操作日志' },
  overview: {
    title: '概览',
    last30: '近 30 天',
    gmv: '成交额',
    orders: '订单',
    paidOrders: '已付款订单',
    gmvByDay: '每日成交额（元）',
    ordersByDay: '每日订单数',
    paidByDay: '每日已付款订单数',
    groupSuccess: '拼团成功率',
    groupCounts: (ok: number, failed: number, open: number) => `成功 ${ok} · 失败 ${failed} · 进行中 ${open}`,
    noDecidedGroups: '近 30 天还没有结束的拼团',
    topSellers: '带货排行',
    seller: '卖家',
    sales: '带货额',
    noSales: '近 30 天还没有带货成交',
    stockAlerts: '库存提醒',
    soldOut: '已售罄',
    lowStock: '库存紧张',
    left: (n: number) => `剩 ${n} 件`,
    noAlerts: '库存都充足',
  },
  products: {
    title: '商品',
    newProduct: '新建商品',
    search: '搜索标题或商品编号',
    category: '分类',
    allCategories: '全部分类',
    filter: '筛选',
    none: '没有符合条件的商品',
    price: '价格',
    stock: '库存',
    group: '拼团',
    status: '状态',
    onSale: '在售',
    offSale: '已下架',
    groupOf: (n: number) => `${n} 人团`,
    noGroup: '—',
    prev: '上一页',
    next: '下一页',
  },
  form: {
    newTitle: '新建商品',
    editTitle: '编辑商品',
    sharePreview: '分享卡片预览',
    sharePreviewHint: '链接发到微信、WhatsApp 等聊天里时，预览显示这张图。保存后更新。',
    sharePreviewAlt: '这件商品的分享卡片',
    title: '标题',
    description: '描述',
    category: '分类',
    images: '图片地址',
    imagesHint: '每行一个，https:// 开头或站内路径（/ 开头），最多 12 个。',
    price: '单买价（元）',
    priceHint: '例如 59 或 59.90',
    stock: '总库存（件）',
    stockHint: '在售的总件数。直接改成新的总数，或者在下面填增减。',
    stockDelta: '库存增减（件）',
    stockDeltaHint: '例如 20 表示补货 20 件，-5 表示减少 5 件。',
    available: (n: number) => `当前可售 ${n} 件`,
    commission: '佣金',
    level1Bps: '一级佣金（基点）',
    level2Bps: '二级佣金（基点）',
    bpsHint: '100 基点 = 1%，最多 5000。',
    groupOffer: '拼团',
    groupHint: '不开团就把这几项都留空。',
    groupSize: '成团人数',
    groupPrice: '拼团价（元）',
    groupDurationMinutes: '成团时限（分钟）',
    groupAutoFillPercent: '自动成团比例（%）',
    groupAutoFillHint: '到时人数达到这个比例时由平台补齐；留空表示不自动成团。',
    groupLeaderPrice: '团长价（元）',
    groupLeaderHint: '开团的人付这个价，不能高于拼团价；留空表示团长也付拼团价。',
    limits: '限购',
    limitsHint: '留空表示不限购。同一商品的所有规格合计。',
    perOrder: '每单限购（件）',
    perBuyer: '每人限购（件）',
    perBuyerHint: '同一个买家邮箱在待支付和已支付订单里的总件数；取消、超时和全额退款的不算。',
    bargainOffer: '砍价',
    bargainHint: '留空表示不开放砍价。买家发起后，邀请好友帮砍到底价再购买。',
    bargainFloor: '底价（元）',
    bargainHelpers: '帮砍人数',
    bargainHours: '时限（小时，1–72）',
    active: '在售（买家可见）',
    create: '创建商品',
    save: '保存',
    created: '商品已创建。',
    saved: '已保存。',
    fixErrors: '有几项需要修改，请看下面标红的地方。',
    viewOnSite: '在商城里查看',
    back: '返回商品列表',
    variantsTitle: '规格',
    variantsHint: '没有规格就留空。每行一个：规格名: 值, 值。改了规格请先保存，表格会按新的组合更新；不卖的组合留空。',
    variantGrid: '规格表',
    variantPriceStock: '有规格时，价格和库存在规格表里按每个组合填写。',
    variantPrice: '价格（元）',
    variantStock: '库存（件）',
    variantSku: 'SKU 编码',
    variantGroupPrice: '拼团价（元）',
    variantAvailable: (n: number) => `可售 ${n} 件`,
    variantLow: '库存紧张',
    error: (e: FieldError): string => {
      switch (e.code) {
        case 'required':
          return '这一项必填。';
        case 'tooLong':
          return `最多 ${e.max} 个字。`;
        case 'wholeNumber':
          return `请填 ${e.min} 到 ${e.max} 之间的整数。`;
        case 'money':
          return '请填金额，例如 59 或 59.90。';
        case 'image':
          return '每个图片地址都要以 https:// 或 / 开头。';
        case 'tooMany':
          return `最多 ${e.max} 张图片。`;
        case 'groupIncomplete':
          return '开团需要同时填写人数、拼团价和时限。';
        case 'bargainIncomplete':
          return '砍价需要填写底价、帮砍人数和时长。';
        case 'bargainFloorHigh':
          return '底价必须低于售价，且每位帮砍好友至少能砍 ¥0.01。';
        case 'groupPriceHigh':
          return '拼团价要低于单买价。';
        case 'leaderPriceHigh':
          return '团长价不能高于拼团价。';
        case 'stockBelowZero':
          return '减少后库存会小于 0。';
        case 'optionsFormat':
          return '每行一个规格，例如「颜色: 白, 黑」；最多 3 个规格，每个最多 20 个值，不能重复。';
        case 'invalid':
          return '这一项的内容不对，请检查。';
      }
    },
  },
  orders: {
    title: '订单',
    status: '状态',
    allStatuses: '全部状态',
    from: '从（含）',
    to: '到（含）',
    search: '订单号或买家邮箱',
    filter: '筛选',
    csv: '导出 CSV',
    none: '没有符合条件的订单',
    id: '订单号',
    date: '下单时间',
    buyer: '买家',
    total: '金额',
    badFilter: '筛选条件不对：状态要从列表里选，日期格式为 年-月-日。',
    back: '返回订单列表',
    timeline: '进度',
    items: '商品',
    address: '收货地址',
    attribution: '带货卖家',
    none_: '无',
    payment: '支付',
    shipment: '物流',
    ledger: '佣金流水',
    noLedger: '这笔订单没有佣金流水',
    kind: '类型',
    level: '级别',
    amount: '金额',
    ship: '发货',
    carrier: '快递公司',
    trackingNumber: '运单号',
    deliver: '标记为已送达',
    refund: '全额退款',
    refundWarning: '退款会把钱原路退给买家，并冲回这笔订单的佣金。',
    refundRequested: '已申请退款，等待支付方确认。',
    noActions: '这个状态的订单没有可做的操作。',
    done: { ship: '已发货。', deliver: '已标记为送达。', refund: '已退款。' } as Record<string, string>,
    conflict: '这笔订单的状态已经变了，不能再做这个操作。',
    unavailable: '支付方暂时没有接受退款，系统会自动重试。',
    actions: '操作',
    paymentStatus: { pending: '待支付', succeeded: '已支付', failed: '支付失败', refund_pending: '退款中', refunded: '已退款' } as Record<string, string>,
    kindName: { accrue: '计入佣金', release: '转为可结算', reverse: '冲回', payout: '结算', clawback: '追回' } as Record<string, string>,
    provider: { test: '测试支付', stripe: 'Stripe' } as Record<string, string>,
    shipMissing: '请填写快递公司和运单号（各不超过 100 个字）。',
  },
};
