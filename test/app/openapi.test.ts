// The OpenAPI document as client generators and linters read it: every operation named, summarised
// and saying which token it needs, and that claim checked against what the route really does.
import { beforeAll, describe, expect, it } from 'vitest';
import { call, callJson } from '../helpers';

type Operation = { summary?: string; operationId?: string; security?: Record<string, string[]>[]; responses: Record<string, unknown> };
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
};

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);
let doc: Doc;
let ops: { key: string; method: string; path: string; op: Operation }[];

beforeAll(async () => {
  doc = (await callJson<Doc>('/openapi.json')).body;
  ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => METHODS.has(m))
      .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, op })),
  );
});

describe('openapi document', () => {
  it('declares the four token schemes', () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['buyerToken', 'opsToken', 'orderToken', 'sellerToken']);
    for (const s of Object.values(doc.components.securitySchemes)) expect(s).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('gives every operation a summary and a unique camelCase operationId', () => {
    expect(ops.length).toBeGreaterThan(45);
    expect(ops.filter((o) => !o.op.summary?.trim()).map((o) => o.key)).toEqual([]);
    expect(ops.filter((o) => !/^[a-z][a-zA-Z0-9]*$/.test(o.op.operationId ?? '')).map((o) => o.key)).toEqual([]);
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('says on every operation which scheme it needs, or [] when public, naming only declared schemes', () => {
    expect(ops.filter((o) => !Array.isArray(o.op.security)).map((o) => o.key)).toEqual([]);
    const known = new Set(Object.keys(doc.components.securitySchemes));
    const unknown = ops.flatMap((o) => o.op.security!.flatMap((req) => Object.keys(req).filter((k) => !known.has(k)).map((k) => `${o.key}: ${k}`)));
    expect(unknown).toEqual([]);
  });

  it('documents a success answer and the 503 every operation can give', () => {
    const success = (o: Operation) => Object.keys(o.responses).some((c) => /^2\d\d$/.test(c) || c === '101');
    expect(ops.filter((o) => !success(o.op)).map((o) => o.key)).toEqual([]);
    expect(ops.filter((o) => !o.op.responses['503']).map((o) => o.key)).toEqual([]);
  });

  it('matches the routes: an anonymous call is 401 exactly where the document asks for a token', async () => {
    const wrong: string[] = [];
    for (const o of ops) {
      // Well-formed but unknown ids: the guard, which runs before any lookup, decides.
      const path = o.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'handle' ? 'nobody_here' : name === 'code' ? 'zzzzzzzz' : 'x_00000000'));
      const res = await call(path, { method: o.method.toUpperCase() });
      const needsToken = o.op.security!.length > 0;
      if ((res.status === 401) !== needsToken) wrong.push(`${o.key}: ${res.status} but security ${JSON.stringify(o.op.security)}`);
    }
    expect(wrong).toEqual([]);
  });
});
