import { describe, expect, it } from 'vitest';
import { call } from '../../../test/helpers';

describe('bench routes', () => {
  it('do not exist unless BENCH_ROUTES=1', async () => {
    for (const [method, path] of [['GET', '/__bench/baseline'], ['POST', '/__bench/pg-groups'], ['POST', '/__bench/pg-groups/bg_x/join'], ['POST', '/__bench/network'], ['GET', '/__bench/graph/s_x']] as const) {
      const res = await call(path, { method, ...(method === 'POST' ? { body: { size: 3 } } : {}) });
      expect(res.status, path).toBe(404);
    }
  });
});
