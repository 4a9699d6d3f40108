// The ops console's words (overview, products, orders), English; same shape as the zh-CN file.
import type { opsConsoleZhCN } from './ops-console.zh-CN';

export const opsConsoleEn: typeof opsConsoleZhCN = {
  nav: { label: 'Ops console sections', overview: 'Overview', products: 'Products', orders: 'Orders', groups: 'Groups', sellers: 'Sellers', withdrawals: 'Withdrawals', payouts: 'Payouts', program: 'Program rules', flashSales: 'Flash sales', coupons: 'Coupons', refunds: 'Refunds', afterSales: 'After-sales', signals: 'Risk signals', audit: 'Audit log' },
  overview: {
    title: 'Overview',
    last30: 'Last 30 days',
    gmv: 'GMV',
    orders: 'Orders',
    paidOrders: 'Paid orders',
    gmvByDay: 'GMV by day (CNY)',
    ordersByDay: 'Orders by day',
    paidByDay: 'Paid orders by day',
    groupSuccess: 'Group success rate',
    groupCounts: (ok, failed, open) => `${ok} succeeded · ${failed} failed · ${open} open`,
    noDecidedGroups: 'No group has finished in the last 30 days',
    topSellers: 'Top sellers by attributed sales',
    seller: 'Seller',
    sales: 'Sales',
    noSales: 'No attributed sales in the last 30 days',
    stockAlerts: 'Stock alerts',
    soldOut: 'Sold out',
    lowStock: 'Low stock',
    left: (n) => `${n} left`,
    noAlerts: 'Stock is fine everywhere',
  },
  products: {
    title: 'Products',
    newProduct: 'New product',
    search: 'Search title or product id',
    category: 'Category',
    allCategories: 'All categories',
    filter: 'Filter',
    none: 'No products match',
    price: 'Price',
    stock: 'Stock',
    group: 'Group',
    status: 'Status',
    onSale: 'On sale',
    offSale: 'Off sale',
    groupOf: (n) => `group of ${n}`,
    noGroup: '—',
    prev: 'Previous page',
    next: 'Next page',
  },
  form: {
    newTitle: 'New product',
    editTitle: 'Edit product',
    sharePreview: 'Share card preview',
    sharePreviewHint: 'What a link preview in WeChat, WhatsApp and other chats shows. Updates when you save.',
    sharePreviewAlt: 'The share card of this product',
    title: 'Title',
    description: 'Description',
    category: 'Category',
    images: 'Image URLs',
    imagesHint: 'One per line, starting with https:// or a site path (/…), at most 12.',
    price: 'Price (CNY)',
    priceHint: 'For example 59 or 59.90',
    stock: 'Total stock (units)',
    stockHint: 'Units on sale in total. Change it to a new total, or give a change below.',
    stockDelta: 'Stock change (units)',
    stockDeltaHint: 'For example 20 adds 20 units, -5 removes 5.',
    available: (n) => `${n} available now`,
    commission: 'Commission',
    level1Bps: 'Level 1 commission (bps)',
    level2Bps: 'Level 2 commission (bps)',
    bpsHint: '100 bps = 1%, at most 5000.',
    groupOffer: 'Group offer',
    groupHint: 'Leave these empty for no group offer.',
    groupSize: 'Group size (people)',
    groupPrice: 'Group price (CNY)',
    groupDurationMinutes: 'Time to fill (minutes)',
    groupAutoFillPercent: 'Auto-fill at (%)',
    groupLeaderPrice: 'Leader price (CNY)',
    groupLeaderHint: 'What whoever opens a group pays, at most the group price; blank: the leader pays the group price.',
    limits: 'Purchase limits',
    limitsHint: 'Blank: no limit. All options of the product count together.',
    perOrder: 'Per order (units)',
    perBuyer: 'Per buyer (units)',
    perBuyerHint: "One buyer email's units in orders awaiting payment or paid; cancelled, lapsed and fully refunded orders don't count.",
    groupAutoFillHint: 'At the deadline the platform fills a group that reached this share; empty means never.',
    bargainOffer: 'Bargain',
    bargainHint: 'Leave these empty for no bargain. A buyer starts one and asks friends to cut the price to the floor, then buys.',
    bargainFloor: 'Floor price (CNY)',
    bargainHelpers: 'Helpers needed',
    bargainHours: 'Time limit (hours, 1–72)',
    active: 'On sale (visible to buyers)',
    create: 'Create product',
    save: 'Save',
    created: 'Product created.',
    saved: 'Saved.',
    fixErrors: 'Some fields need a change; they are marked below.',
    viewOnSite: 'View in the shop',
    back: 'Back to products',
    variantsTitle: 'Options',
    variantsHint: 'Leave empty for a product without options. One a line: name: value, value. After changing options, save: the grid follows the new combinations; leave a combination blank not to sell it.',
    variantGrid: 'Variants',
    variantPriceStock: 'With options, price and stock are set per combination in the grid.',
    variantPrice: 'Price (¥)',
    variantStock: 'Stock (units)',
    variantSku: 'SKU',
    variantGroupPrice: 'Group price (¥)',
    variantAvailable: (n: number) => `${n} available`,
    variantLow: 'Low stock',
    error: (e) => {
      switch (e.code) {
        case 'required':
          return 'This field is required.';
        case 'tooLong':
          return `At most ${e.max} characters.`;
        case 'wholeNumber':
          return `Enter a whole number from ${e.min} to ${e.max}.`;
        case 'money':
          return 'Enter an amount, for example 59 or 59.90.';
        case 'image':
          return 'Every image URL must start with https:// or /.';
        case 'tooMany':
          return `At most ${e.max} images.`;
        case 'groupIncomplete':
          return 'A group offer needs the size, the group price and the time to fill.';
        case 'bargainIncomplete':
          return 'A bargain needs the floor price, the helpers and the hours.';
        case 'bargainFloorHigh':
          return 'The floor must be below the price, with at least ¥0.01 per helper between them.';
        case 'groupPriceHigh':
          return 'The group price must be lower than the price.';
        case 'leaderPriceHigh':
          return 'The leader price may not be above the group price.';
        case 'stockBelowZero':
          return 'That change would take stock below zero.';
        case 'optionsFormat':
          return 'One option a line, like "Colour: white, black"; at most 3 options of at most 20 values, none twice.';
        case 'invalid':
          return 'This value is not valid; please check it.';
      }
    },
  },
  orders: {
    title: 'Orders',
    status: 'Status',
    allStatuses: 'All statuses',
    from: 'From (inclusive)',
    to: 'To (inclusive)',
    search: 'Order id or buyer email',
    filter: 'Filter',
    csv: 'Export CSV',
    none: 'No orders match',
    id: 'Order',
    date: 'Placed',
    buyer: 'Buyer',
    total: 'Total',
    badFilter: 'The filter is not valid: pick a status from the list and give dates as year-month-day.',
    back: 'Back to orders',
    timeline: 'Timeline',
    items: 'Items',
    address: 'Shipping address',
    attribution: 'Attributed seller',
    none_: 'None',
    payment: 'Payment',
    shipment: 'Shipment',
    ledger: 'Ledger entries',
    noLedger: 'This order has no ledger entries',
    kind: 'Kind',
    level: 'Level',
    amount: 'Amount',
    ship: 'Ship',
    carrier: 'Carrier',
    trackingNumber: 'Tracking number',
    deliver: 'Mark delivered',
    refund: 'Refund in full',
    refundWarning: "The refund returns the buyer's money and reverses this order's commission.",
    refundRequested: 'Refund requested; waiting for the payment provider.',
    noActions: 'No actions for an order in this status.',
    done: { ship: 'Shipped.', deliver: 'Marked delivered.', refund: 'Refunded.' },
    conflict: 'The order has moved on; its status no longer allows that.',
    unavailable: 'The payment provider did not take the refund yet; it is retried automatically.',
    actions: 'Actions',
    paymentStatus: { pending: 'Pending', succeeded: 'Succeeded', failed: 'Failed', refund_pending: 'Refund pending', refunded: 'Refunded' },
    kindName: { accrue: 'Accrued', release: 'Released', reverse: 'Reversed', payout: 'Paid out', clawback: 'Clawed back' },
    provider: { test: 'Test provider', stripe: 'Stripe' },
    shipMissing: 'Give the carrier and the tracking number (up to 100 characters each).',
  },
};
