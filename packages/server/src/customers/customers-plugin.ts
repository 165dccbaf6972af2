import fp from 'fastify-plugin';
import { contract } from '../api/contract.js';
import { charsetOf, readCsvFile } from '../csv/csv-read.js';
import { ServerError } from '../errors.js';
import { typed } from '../http/routes.js';
import { createNumberShield } from '../numbers/number-shield.js';
import { callerCard } from './caller-card.js';
import { maxImportRows, readCustomerCsv } from './customer-import.js';
import { createCustomerStore } from './customer-store.js';
import { seedDemoCustomers } from './demo-customers.js';

/** Largest customer file: a few thousand rows fit well within it. */
export const maxCustomerFileBytes = 2 * 1024 * 1024;

/**
 * `GET /api/customers` and `POST /api/customers/import` (a CSV file, UTF-8 or GBK), for every signed-in
 * user. Against the emulator an empty list gets the demo customers, one per callee behaviour.
 */
export const customersPlugin = fp(
  async (app) => {
    const { db, now, mode } = app.dialer;
    if (db === undefined) throw new Error('tccc-dialer: customers need a database');
    const store = createCustomerStore(db, now);
    const shield = createNumberShield(db, now);
    if (mode === 'emulator') await seedDemoCustomers(db, now);
    const api = typed(app);

    api.route({
      ...contract.customers.list,
      handler: async (req) => {
        const user = await app.authenticate(req);
        const { q, limit, cursor } = req.query;
        const page = await store.list({
          limit,
          ...(q === undefined ? {} : { q }),
          ...(cursor === undefined ? {} : { cursor }),
        });
        // Three digits or more can only find a customer by number: an agent learns no protected one so.
        const byNumber = q !== undefined && /\d{3}/.test(q.replace(/[\s+-]/g, ''));
        return {
          ...page,
          items: await shield.customers(user, 'GET /api/customers', page.items, byNumber),
        };
      },
    });

    api.route({
      ...contract.customers.import,
      handler: async (req) => {
        const rows = await readCsvFile(req.body, {
          charset: charsetOf(req.headers['content-type']),
          maxBytes: maxCustomerFileBytes,
          tooLarge: 'IMPORT_FILE_TOO_LARGE',
          maxRows: maxImportRows,
          tooManyRows: 'CUSTOMER_IMPORT_TOO_LARGE',
          invalid: 'CUSTOMER_IMPORT_INVALID',
        });
        const read = readCustomerCsv(rows);
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
        return {
          imported,
          errors: errors.map((e) => ({
            row: e.row,
            code: e.code,
            message: new ServerError(e.code).message_(req.locale),
          })),
        };
      },
    });

    api.route({
      ...contract.callers.card,
      handler: async (req) => callerCard(db, req.query),
    });
  },
  {
    name: 'tccc-dialer-customers',
    dependencies: ['tccc-dialer-core', 'tccc-dialer-session'],
    fastify: '5.x',
  },
);
