import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../api/contract.js';
import { buildApp } from '../app.js';
import { createMemoryAccountStore } from '../auth/accounts.js';
import { numberMappingOff } from '../config/number-mapping-config.js';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import { localCoordination } from '../scale/coordination.js';
import type { Upstream } from '../upstream/upstream.js';
import { corePlugin } from './core-plugin.js';

const upstream = {} as Upstream;
const routes = Object.values(contract).flatMap((area) => Object.values(area));
/** `/api/calls/:sessionId/recording` as OpenAPI writes it. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

describe('the OpenAPI document', () => {
  let handle: DatabaseHandle;
  const registered: { method: string; url: string; hidden: boolean }[] = [];
  let doc: { paths: Record<string, Record<string, { security?: unknown }>> };
  let app: ReturnType<typeof buildApp>;

  beforeAll(async () => {
    handle = await openDatabase(':memory:');
    app = buildApp({
      upstream,
      store: createMemoryAccountStore(),
      db: handle.db,
      sessionSecret: 'x'.repeat(32),
    });
    app.addHook('onRoute', (r) => {
      for (const method of [r.method].flat())
        if (method !== 'HEAD')
          registered.push({
            method,
            url: r.url,
            hidden: (r.schema as { hide?: boolean } | undefined)?.hide === true,
          });
    });
    await app.ready();
    doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('lists every route of the contract with its method, and every route the server serves', () => {
    for (const r of routes)
      expect(doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()], `${r.method} ${r.url}`).toBeDefined();
    const served = registered.filter((r) => !r.hidden);
    expect(served.length).toBeGreaterThanOrEqual(routes.length);
    for (const r of served)
      expect(doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()], `${r.method} ${r.url}`).toBeDefined();
  });

  it('serves every route of the contract (none is declared without a handler)', () => {
    for (const r of routes)
      expect(
        registered.some((x) => x.method === r.method && x.url === r.url),
        `${r.method} ${r.url}`,
      ).toBe(true);
  });

  it('names who may call each route', () => {
    expect(doc.paths['/api/calls']?.get?.security).toEqual([{ session: [] }]);
    expect(doc.paths['/api/dnc']?.get?.security).toEqual([{ session: ['supervisor'] }]);
    expect(doc.paths['/api/tccc/push']?.post?.security).toEqual([{ pushBasicAuth: [] }]);
  });

  it('has a readable reference page', async () => {
    const page = await app.inject({ method: 'GET', url: '/api/docs' });
    const html =
      page.statusCode === 302
        ? await app.inject({ method: 'GET', url: String(page.headers.location) })
        : page;
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toMatch(/swagger/i);
  });
});

describe('response schemas', () => {
  it('a route of the product that declares no response schema stops the app from starting', async () => {
    const app = Fastify();
    await app.register(corePlugin, {
      context: {
        db: undefined,
        upstream,
        now: Date.now,
        mode: 'cloud',
        sdkAppId: 0,
        pushBasicAuth: undefined,
        coordination: localCoordination(),
        numberMapping: numberMappingOff,
      },
      publicOrigins: [],
    });
    // Refused as it is registered: the app never gets to listen.
    expect(() => app.get('/api/leaky', async () => ({ passwordHash: 'scrypt$...' }))).toThrow(
      'GET /api/leaky declares no response schema',
    );
    await app.close();
  });
});
