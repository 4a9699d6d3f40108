import { describe, expect, it } from 'vitest';
import { codeEmailText, orderEmailKindFor, orderEmailText } from './email-text';

describe('order emails', () => {
  it('picks the email for each status change that sends one, and none otherwise', () => {
    expect(orderEmailKindFor('pending_payment', 'paid')).toBe('order_confirmed');
    expect(orderEmailKindFor('pending_payment', 'awaiting_group')).toBe('order_confirmed');
    expect(orderEmailKindFor('paid', 'shipped')).toBe('order_shipped');
    expect(orderEmailKindFor('confirmed', 'shipped')).toBe('order_shipped');
    expect(orderEmailKindFor('awaiting_group', 'confirmed')).toBe('group_succeeded');
    expect(orderEmailKindFor('awaiting_group', 'refunded')).toBe('group_failed');
    expect(orderEmailKindFor('pending_payment', 'cancelled')).toBeNull();
    expect(orderEmailKindFor('shipped', 'delivered')).toBeNull();
    expect(orderEmailKindFor('paid', 'refunded')).toBeNull();
  });

  it('speaks the buyer language', () => {
    const v = { orderId: 'o_1', total: '¥9.90' };
    expect(orderEmailText('zh-CN', 'group_failed', v).subject).toContain('拼团未成功');
    expect(orderEmailText('en', 'group_failed', v).subject).toContain('refunded');
    expect(codeEmailText('en', '123456').text).toContain('123456');
    expect(codeEmailText('zh-CN', '123456').subject).toContain('验证码');
  });
});
