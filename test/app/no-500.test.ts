// Every API route, driven with malformed input as anonymous, seller and ops callers:
// nothing may answer 500. Bad input is always a clear 4xx with an API.md error code.
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../shared/errors';
import { call, callJson, opsToken, signupSeller } from '../helpers';

const BAD_BODIES = ['{', '{}', '[]', 'null', '"x"', '{"items":"x","buyer":1}', JSON.stringify({ a: 'b'.repeat(5000) }), JSON.stringify({ amount: -1, id: '../../etc' })];
const BAD_IDS = ['p_zzzzzzzz0001', 'o_zzzzzzzz0001', 'g_zzzzzzzz0001', 'x', '..%2F..', 'p_' + 'a'.repeat(300), '%00', "o_'or1=1"];

function fill(path: string, id: string) {
  return path.replace(/\{[^}]+\}/g, id);
}

describe('no input makes the Worker answer 500', () => {
  it('every documented route, every caller, malformed bodies and ids', async () => {
    const spec = (await callJson('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const seller = await signupSeller();
    const callers = [undefined, seller.token, await opsToken()];
    const failures: string[] = [];
    let calls = 0;
    for (const [path, ops] of Object.entries(spec.paths)) {
      if (path.endsWith('/live')) continue; // WebSocket upgrade route
      for (const method of Object.keys(ops)) {
        for (const token of callers) {
          for (const id of BAD_IDS) {
            const bodies = method === 'get' ? [undefined] : BAD_BODIES;
            for (const raw of bodies) {
              const res = await call(fill(path, encodeURIComponent(id)) + '?cursor=%%&limit=-5&days=abc&format=zzz', {
                method: method.toUpperCase(),
                token,
                raw,
                headers: raw !== undefined ? { 'content-type': 'application/json', 'idempotency-key': 'k'.repeat(300) } : {},
              });
              calls++;
              const text = await res.text();
              if (res.status >= 500) failures.push(`${method.toUpperCase()} ${path} id=${id} body=${raw?.slice(0, 20)} → ${res.status} ${text.slice(0, 120)}`);
              else if (res.status >= 400 && res.headers.get('content-type')?.includes('json')) {
                const code = JSON.parse(text).error?.code;
                if (!(code in ERROR_STATUS)) failures.push(`${method.toUpperCase()} ${path} → ${res.status} without a known error code: ${text.slice(0, 120)}`);
              }
            }
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  }, 180_000);

  it('pages and forms with malformed paths, queries and form bodies', async () => {
    const seller = await signupSeller();
    const paths = ['/p/{id}', '/g/{id}', '/o/{id}?t=garbage', '/buy/{id}?mode=zzz&group={id}', '/buy/{id}?mode=join', '/pay/test/{id}?t=x', '/pay/test/{id}/pay', '/pay/test/{id}/fail', '/r/{id}', '/r/{id}/qr.svg', '/qr.svg?path={id}', '/@lily_tea/p/{id}', '/@{id}', '/img/x/{id}.svg', '/login', '/signup?invite={id}', '/me', '/me/links', '/me/storefront', '/logout'];
    const forms = ['', 'a=b', 'email=&password=', 'mode=join&group=g_zzzzzzzz0001&email=x&name=&idem=' + 'k'.repeat(500), '%%%'];
    const failures: string[] = [];
    for (const template of paths) {
      for (const id of ['p_zzzzzzzz0001', 'x', '%E4%B8', '..%2F']) {
        const path = template.replace(/\{id\}/g, id);
        for (const cookie of [undefined, `pinlink_session=${seller.token}`, 'pinlink_session=garbage; pinlink_ref=garbage']) {
          const get = await call(path, { headers: cookie ? { cookie } : {} });
          if (get.status >= 500) failures.push(`GET ${path} → ${get.status}`);
          for (const raw of forms) {
            const post = await call(path, { method: 'POST', raw, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://pinlink.test', ...(cookie ? { cookie } : {}) } });
            if (post.status >= 500) failures.push(`POST ${path} body=${raw.slice(0, 20)} → ${post.status} ${(await post.text()).slice(0, 100)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it('signed webhooks with garbage events are 400, not 500', async () => {
    for (const raw of ['{', '{}', '{"id":"e","type":"payment.succeeded","orderId":"nope","amount":{"amount":"x"}}']) {
      const res = await call('/api/payments/webhook/test', { raw, headers: { 'pinlink-signature': 't=1,v1=00' } });
      expect(res.status).toBe(400);
      const stripe = await call('/api/payments/webhook/stripe', { raw, headers: { 'stripe-signature': 't=1,v1=00' } });
      expect(stripe.status).toBeLessThan(500);
    }
  });
});
