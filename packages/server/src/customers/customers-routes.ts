import { z } from 'zod';
import type { ImportReport } from '../api-types.js';
import { ServerError } from '../errors.js';
import type { Feature } from '../features.js';
import { readCustomerCsv } from './customer-import.js';
import { createCustomerStore } from './customer-store.js';
import { seedDemoCustomers } from './demo-customers.js';

const listQuery = z.strictObject({
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(400).optional(),
});

const locale = (header: unknown): 'zh-CN' | 'en-US' =>
  /^\s*en/i.test(String(header ?? '')) ? 'en-US' : 'zh-CN';

/**
 * `GET /api/customers` and `POST /api/customers/import` (CSV text), for every signed-in user. Against
 * the emulator an empty list gets the demo customers, one per callee behaviour.
 */
export const customersFeature: Feature = async (app, ctx) => {
  const store = createCustomerStore(ctx.db, ctx.now);
  if (ctx.config?.mode === 'emulator') await seedDemoCustomers(ctx.db, ctx.now);

  // Only this scope reads CSV bodies; a few thousand rows fit in 2 MB.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );

  app.get('/api/customers', async (req) => {
    await ctx.authenticate(req);
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) throw new ServerError('INVALID_REQUEST', { cause: parsed.error });
    const { q, limit, cursor } = parsed.data;
    return store.list({
      limit,
      ...(q === undefined ? {} : { q }),
      ...(cursor === undefined ? {} : { cursor }),
    });
  });

  app.post('/api/customers/import', { bodyLimit: 2 * 1024 * 1024 }, async (req) => {
    await ctx.authenticate(req);
    if (typeof req.body !== 'string') throw new ServerError('CUSTOMER_IMPORT_INVALID');
    const read = readCustomerCsv(req.body);
    // A number that is already a customer is a duplicate too; the rest go in.
    const existing = await store.existingPhones(read.customers.map((c) => c.phone));
    const fresh = read.customers.filter((c) => !existing.has(c.phone));
    const errors = [
      ...read.errors,
      ...read.customers
        .filter((c) => existing.has(c.phone))
        .map((c) => ({ row: c.row, code: 'CUSTOMER_DUPLICATE' as const })),
    ].sort((a, b) => a.row - b.row);
    const imported = await store.insertMany(fresh.map(({ row: _row, ...c }) => c));
    const lang = locale(req.headers['accept-language']);
    return {
      imported,
      errors: errors.map((e) => ({
        row: e.row,
        code: e.code,
        message: new ServerError(e.code).message_(lang),
      })),
    } satisfies ImportReport;
  });
};
