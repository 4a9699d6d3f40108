import { describe, expect, it } from 'vitest';
import { signPayload, verifySignedPayload } from './signature';

const secret = 'whsec_unit';
const body = '{"id":"evt_1"}';

describe('verifySignedPayload', () => {
  it('accepts a fresh signature and any matching v1 among several', async () => {
    const now = 1_700_000_000;
    const header = await signPayload(secret, body, now);
    await expect(verifySignedPayload(secret, header, body, now + 300)).resolves.toBeUndefined();
    const rotated = `t=${now},v1=${'0'.repeat(64)},${header.split(',')[1]}`;
    await expect(verifySignedPayload(secret, rotated, body, now)).resolves.toBeUndefined();
  });

  it('refuses stale, future, tampered, malformed and missing signatures', async () => {
    const now = 1_700_000_000;
    const header = await signPayload(secret, body, now);
    for (const [h, b, at] of [
      [header, body, now + 301],
      [header, body, now - 301],
      [header, `${body} `, now],
      ['v1=abc', body, now],
      [`t=${now}`, body, now],
      [null, body, now],
    ] as const) {
      await expect(verifySignedPayload(secret, h, b, at)).rejects.toMatchObject({ code: 'invalid_input' });
    }
    await expect(verifySignedPayload(undefined, header, body, now)).rejects.toMatchObject({ code: 'unavailable' });
  });
});
