// Small JSON client for the bench's setup steps (not measured).
export async function api<T = any>(
  base: string,
  path: string,
  opts: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(base + path, {
    method: opts.method ?? (opts.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    redirect: 'manual',
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}

export async function login(base: string, email: string, password: string): Promise<string> {
  const r = await api(base, '/api/auth/login', { body: { email, password } });
  if (r.status !== 200) throw new Error(`login ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

export async function createProduct(base: string, opsToken: string, overrides: Record<string, unknown>): Promise<{ id: string }> {
  const r = await api(base, '/api/ops/products', {
    token: opsToken,
    body: {
      title: `Bench product ${Date.now().toString(36)}`,
      description: 'Bench',
      category: 'Bench',
      images: ['/img/tea/Bench.svg'],
      price: { amount: 9900, currency: 'CNY' },
      stock: 100,
      commission: { level1Bps: 1000, level2Bps: 300 },
      ...overrides,
    },
  });
  if (r.status !== 201) throw new Error(`create product failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.product;
}

let seq = 0;
export const uniq = (p: string) => `${p}${process.pid.toString(36)}${Date.now().toString(36)}${(seq++).toString(36)}`;

/** A valid POST /api/orders body (API.md) for one unit of a product (of one of its variants, when it has options). */
export function orderBody(productId: string, buyerTag: string, group?: { open: true } | { join: string }, variantId?: string) {
  return {
    items: [{ productId, ...(variantId ? { variantId } : {}), quantity: 1 }],
    buyer: { email: `${buyerTag}@bench.test`, name: `Bench ${buyerTag}` },
    shippingAddress: { name: `Bench ${buyerTag}`, line1: '1 Bench Road', city: 'Hangzhou', postalCode: '310000', country: 'CN' },
    ...(group ? { group } : {}),
  };
}
