// Every route the app registers, the feature areas' included (call records, customers, call lists),
// fuzzed: random bodies, content types, queries, headers and cookies get a 2xx or a coded 4xx, never a 5xx.
import fc from 'fast-check';
import type { HTTPMethods, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from './api/contract.js';
import type { RouteDef } from './api/route.js';
import { type DatabaseHandle, openDatabase } from './db/database.js';
import { serverErrorStatus } from './errors.js';
import { type Harness, startHarness } from './test-support/harness.js';

let h: Harness;
let database: DatabaseHandle;
const routes: Array<{ method: string; url: string }> = [];
let cookie = '';

beforeAll(async () => {
  database = await openDatabase(':memory:');
  h = await startHarness({
    app: {
      limits: { signInPerMinute: 100_000, sdkUrlPerMinute: 100_000 },
      logger: false,
      db: database.db,
      config: { mode: 'emulator', pushBasicAuth: 'tccc:fuzz-push-password', tccc: { sdkAppId: 1400000001 } },
    },
  });
  // The registered routes, as the router prints its tree (HEAD twins included): a child line holds only
  // its own segment, so full paths are rebuilt from the depth of each line.
  const parents: string[] = [];
  for (const line of h.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (m?.[1] === undefined || m[2] === undefined) continue;
    const depth = m[1].length / 4;
    parents.length = depth;
    const url = `${parents[depth - 1] ?? ''}${m[2]}`;
    parents[depth] = url;
    for (const method of m[3]?.split(', ') ?? []) routes.push({ method, url });
  }
  cookie = (await h.signIn('agent')).tccc_session;
});
afterAll(async () => {
  await h.close();
  await database.close();
});

const printable = fc
  .string({
    unit: fc.constantFrom(...' !"#$%&\'()*+,-./0123456789:;<=>?@AZaz[\\]^_`{|}~\u00e9'.split('')),
    maxLength: 40,
  })
  .map((s) => s.replace(/[^\x20-\x7e]/g, ''));
const body = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '',
    '{',
    'null',
    '[]',
    '{"username":"agent","password":"tccc-demo"}',
    '{"username":"agent","password":null}',
    '{"__proto__":{"admin":true}}',
    'x'.repeat(70_000),
  ),
);
const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=latin1',
  '',
);
const headers = fc.dictionary(
  fc.constantFrom(
    'origin',
    'accept-language',
    'x-forwarded-user',
    'x-forwarded-for',
    'x-forwarded-host',
    'x-forwarded-proto',
    'authorization',
    'sec-fetch-site',
    'x-seat-user-id',
    'range',
    'if-none-match',
  ),
  printable,
  { maxKeys: 4 },
);
const cookieValue = fc.oneof(fc.constant('valid'), fc.constant(undefined), printable, fc.constant('v1.AAAA'));
const query = fc.dictionary(printable, printable, { maxKeys: 3 });

describe('fuzzing every route', () => {
  it('finds the routes to fuzz', () => {
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'POST /api/session',
        'DELETE /api/session',
        'GET /api/me',
        'POST /api/tccc/sdk-url',
        'GET /healthz',
        'GET /readyz',
        'POST /api/tccc/push',
        'GET /api/calls',
        'POST /api/customers/import',
        'POST /api/calls/events',
        'PUT /api/calls/:sessionId/note',
        'POST /api/campaigns/:id/entries/:entryId/result',
        'POST /api/dial-permits',
        'DELETE /api/dnc/:phone',
        'GET /api/calls/:sessionId/recording',
        'POST /api/dnc/import',
        'POST /api/campaigns/:id/import',
      ]),
    );
  });

  it('sign-in, sign-out and recording playback under fuzzed forwarded addresses, origins and bodies: never a 5xx', async () => {
    const trusting = await startHarness({
      emulator: h.emulator,
      app: {
        trustProxy: ['127.0.0.1'],
        db: database.db,
        logger: false,
        config: { mode: 'emulator', pushBasicAuth: undefined, tccc: { sdkAppId: 1400000001 } },
      },
    });
    try {
      const route = fc.constantFrom(
        { method: 'POST', url: '/api/session' },
        { method: 'DELETE', url: '/api/session' },
        { method: 'GET', url: '/api/me' },
        { method: 'GET', url: '/api/calls/p-sessionId/recording' },
      );
      const forwarded = fc.oneof(printable, fc.ipV4(), fc.ipV6(), fc.constant('10.0.0.1, 10.0.0.2'));
      await fc.assert(
        fc.asyncProperty(route, body, forwarded, headers, cookieValue, async (r, payload, xff, hdrs, c) => {
          const res = await trusting.app.inject({
            method: r.method as HTTPMethods,
            url: r.url,
            remoteAddress: '127.0.0.1',
            headers: { ...hdrs, 'x-forwarded-for': xff, 'content-type': 'application/json' },
            ...(c === undefined ? {} : { cookies: { tccc_session: c === 'valid' ? cookie : c } }),
            ...(r.method === 'GET' ? {} : { payload }),
          });
          expect(res.statusCode, `${r.method} ${r.url} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400) expect(res.json().error.code).toMatch(/^[A-Z_]+$/);
        }),
        { numRuns: 300 },
      );
    } finally {
      await trusting.close();
    }
  });

  it('answers every fuzzed request with a 2xx/3xx or a coded 4xx, never a 5xx', async () => {
    const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        body,
        contentType,
        headers,
        cookieValue,
        query,
        async (route, payload, type, hdrs, c, q) => {
          const url = `${route.url.replace(/:(\w+)/g, 'p-$1')}${Object.keys(q).length > 0 ? `?${new URLSearchParams(q)}` : ''}`;
          const options: InjectOptions = {
            method: route.method as HTTPMethods,
            url,
            headers: { ...hdrs, ...(type === undefined ? {} : { 'content-type': type }) },
            ...(c === undefined ? {} : { cookies: { tccc_session: c === 'valid' ? cookie : c } }),
            ...(unsafe.has(route.method) ? { payload } : {}),
          };
          const res = await h.app.inject(options);
          expect(res.statusCode, `${route.method} ${url} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400 && route.method !== 'HEAD')
            expect(res.json().error.code).toMatch(/^[A-Z_]+$/);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never hands agent a URL for another seat, whatever the request names', async () => {
    // The fuzzing above may have signed that session out (DELETE /api/session ends it server-side).
    const fresh = (await h.signIn('agent')).tccc_session;
    const seat = fc.constantFrom(
      'agent2@example.com',
      'supervisor@example.com',
      'ghost@example.com',
      'agent2',
      '*',
    );
    const field = fc.constantFrom(
      'seatUserId',
      'SeatUserId',
      'seat',
      'userId',
      'userid',
      'username',
      'user',
      'UserId',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(field, seat, { maxKeys: 3 }),
        fc.dictionary(field, seat, { maxKeys: 3 }),
        fc.dictionary(fc.constantFrom('x-seat-user-id', 'x-forwarded-user', 'x-user'), seat, { maxKeys: 2 }),
        async (body, q, hdrs) => {
          const res = await h.app.inject({
            method: 'POST',
            url: `/api/tccc/sdk-url?${new URLSearchParams(q)}`,
            cookies: { tccc_session: fresh },
            headers: hdrs,
            payload: body,
          });
          expect(res.statusCode).toBe(200);
          expect(new URL(res.json().sdkUrl).searchParams.get('userid')).toBe('agent@example.com');
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** The field names a route's zod schema declares (an object, possibly wrapped), to fuzz by name. */
function fieldsOf(schema: unknown): string[] {
  const def = (schema as { def?: { shape?: object; innerType?: unknown; in?: unknown; options?: unknown[] } })
    ?.def;
  if (def === undefined) return [];
  if (def.shape !== undefined) return Object.keys(def.shape);
  if (def.innerType !== undefined) return fieldsOf(def.innerType);
  if (def.in !== undefined) return fieldsOf(def.in);
  if (def.options !== undefined) return [...new Set(def.options.flatMap(fieldsOf))];
  return [];
}

const contractRoutes = Object.values(contract).flatMap((area) => Object.values(area) as RouteDef[]);
const knownCodes = new Set(Object.keys(serverErrorStatus));
const oddText = fc.oneof(
  printable,
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1.5',
    '1e309',
    'NaN',
    'null',
    'true',
    '99999999999999999999',
    '2026-13-45T25:61:00Z',
    '2026-12-02T08:00:00.000Z',
    '13800138000',
    '+8613800138000',
    'a'.repeat(5000),
    '../../etc/passwd',
    '%00',
    '\u0000',
    '中文',
    '<script>',
    "' OR 1=1 --",
    'agent',
    'supervisor',
  ),
);
const oddValue = fc.oneof(
  oddText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);

describe('fuzzing every route of the contract by its own fields', () => {
  let supervisorCookie = '';
  let origin = '';
  beforeAll(async () => {
    supervisorCookie = (await h.signIn('supervisor')).tccc_session;
    origin = await h.app.listen({ port: 0, host: '127.0.0.1' });
  });

  it('the server registers every route of the contract, so each one below is fuzzed where it is served', () => {
    const served = new Set(routes.map((r) => `${r.method} ${r.url}`));
    expect(contractRoutes.length).toBeGreaterThan(40);
    for (const r of contractRoutes) expect(served, `${r.method} ${r.url}`).toContain(`${r.method} ${r.url}`);
  });

  it.each(contractRoutes.map((r) => [`${r.method} ${r.url}`, r] as const))(
    '%s: fuzzed params, query and body as an agent, a supervisor and nobody answer 2xx/3xx or a coded 4xx',
    async (_name, r) => {
      const stream = r.schema.produces?.includes('text/event-stream') === true;
      // A CSV upload gets its text as sent; every other body is JSON.
      const csv = r.schema.consumes?.includes('text/csv') === true;
      const params = fieldsOf(r.schema.params);
      const who = fc.constantFrom<'agent' | 'supervisor' | 'nobody'>('agent', 'supervisor', 'nobody');
      await fc.assert(
        fc.asyncProperty(
          who,
          fc.record(Object.fromEntries(params.map((p) => [p, oddText]))),
          fc.dictionary(fc.constantFrom(...fieldsOf(r.schema.querystring), 'x'), oddText, { maxKeys: 4 }),
          fc.oneof(
            fc.dictionary(fc.constantFrom(...fieldsOf(r.schema.body), 'x'), oddValue, { maxKeys: 6 }),
            oddValue,
          ),
          async (as, p, q, payload) => {
            const path = r.url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(p[name] ?? name));
            const url = `${path}${Object.keys(q).length > 0 ? `?${new URLSearchParams(q)}` : ''}`;
            const cookieOf = { agent: cookie, supervisor: supervisorCookie, nobody: undefined }[as];
            let status: number;
            let text: string;
            if (stream) {
              // An event stream never ends: read its status and headers over HTTP, then hang up.
              const abort = new AbortController();
              const res = await fetch(`${origin}${url}`, {
                method: r.method,
                signal: abort.signal,
                headers: cookieOf === undefined ? {} : { cookie: `tccc_session=${cookieOf}` },
              });
              status = res.status;
              text = status >= 400 ? await res.text() : '';
              abort.abort();
            } else {
              const res = await h.app.inject({
                method: r.method,
                url,
                headers: {
                  'accept-language': 'en-US',
                  'content-type': csv ? 'text/csv' : 'application/json',
                },
                ...(cookieOf === undefined ? {} : { cookies: { tccc_session: cookieOf } }),
                ...(r.method === 'GET'
                  ? {}
                  : { payload: csv && typeof payload === 'string' ? payload : JSON.stringify(payload) }),
              });
              status = res.statusCode;
              text = res.body;
            }
            expect(status, `${r.method} ${url} as ${as} → ${text.slice(0, 200)}`).toBeLessThan(500);
            if (status >= 400) {
              const code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? '';
              expect(knownCodes, `${r.method} ${url} as ${as} → ${text.slice(0, 200)}`).toContain(code);
            }
          },
        ),
        { numRuns: 20 },
      );
    },
  );
});
