import { describe, expect, it } from 'vitest';
import { crossings, DEFAULT_FRAUD_THRESHOLDS, fraudThresholds, orderSignals, type OrderFacts } from './fraud';

const none: OrderFacts = { sellerEmail: false, sellerVisitor: false, sellerAddress: false, earlierAddressOrders: 0, recentSpikes: [], refundBurst: false };
const t = { clickSpikeVisitor: 3, clickSpikeAsn: 10, addressOrders: 3, refundBurst: 4 };

describe('fraud thresholds', () => {
  it('reads positive integers and falls back to the defaults on anything else', () => {
    expect(fraudThresholds({})).toEqual(DEFAULT_FRAUD_THRESHOLDS);
    expect(fraudThresholds({ FRAUD_CLICK_SPIKE_VISITOR: '7', FRAUD_CLICK_SPIKE_ASN: '0', FRAUD_ADDRESS_ORDERS: 'x', FRAUD_REFUND_BURST: ' ' })).toEqual({
      ...DEFAULT_FRAUD_THRESHOLDS,
      clickSpikeVisitor: 7,
    });
    expect(fraudThresholds({ FRAUD_REFUND_BURST: '2.5' }).refundBurst).toBe(DEFAULT_FRAUD_THRESHOLDS.refundBurst);
  });
});

describe('order signals', () => {
  it('a normal order raises nothing', () => {
    expect(orderSignals(none, t)).toEqual([]);
    expect(orderSignals({ ...none, sellerVisitor: null, earlierAddressOrders: 1 }, t)).toEqual([]);
  });

  it('self-purchase by email, visitor or address each hold', () => {
    expect(orderSignals({ ...none, sellerEmail: true, sellerVisitor: true, sellerAddress: true }, t).map((s) => s.kind)).toEqual([
      'self_purchase_email',
      'self_purchase_visitor',
      'self_purchase_address',
    ]);
  });

  it('the order that brings one link\'s orders to one address to the threshold is held, and every one after it', () => {
    expect(orderSignals({ ...none, earlierAddressOrders: 1 }, t)).toEqual([]);
    expect(orderSignals({ ...none, earlierAddressOrders: 2 }, t)).toEqual([{ kind: 'address_repeat', observed: 3, threshold: 3 }]);
    expect(orderSignals({ ...none, earlierAddressOrders: 9 }, t)[0]!.observed).toBe(10);
  });

  it('a recent click spike on the link or a refund burst of the seller hold new orders', () => {
    expect(orderSignals({ ...none, recentSpikes: ['click_spike_asn', 'click_spike_asn', 'click_spike_visitor'], refundBurst: true }, t)).toEqual([
      { kind: 'click_spike_asn', observed: 1, threshold: 10 },
      { kind: 'click_spike_visitor', observed: 1, threshold: 3 },
      { kind: 'refund_burst', observed: 1, threshold: 4 },
    ]);
  });
});

describe('crossings', () => {
  it('fires once, on the batch that reaches the threshold', () => {
    expect(crossings(0, 2, 3)).toBe(false);
    expect(crossings(2, 1, 3)).toBe(true);
    expect(crossings(0, 5, 3)).toBe(true);
    expect(crossings(3, 1, 3)).toBe(false);
  });
});
