import { z } from 'zod';
import { csvUpload, errorResponses, page, pageQuery, route, rowProblem, signedIn } from './route.js';

export const customer = z
  .object({
    id: z.string(),
    name: z.string(),
    phone: z.string(),
    company: z.string().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'Customer' });

export const importReport = z
  .object({ imported: z.number().int(), errors: z.array(rowProblem) })
  .meta({ id: 'ImportReport' });

const tags = ['customers'] as const;

export const customersRoutes = {
  list: route('GET', '/api/customers', {
    summary: 'Customers, searched by name, company or number',
    tags,
    security: signedIn,
    querystring: z.strictObject({ q: z.string().max(100).optional(), ...pageQuery }),
    response: { 200: page(customer), ...errorResponses },
  }),
  import: route('POST', '/api/customers/import', {
    summary: 'Import customers from a CSV file (name and phone columns; company and note optional)',
    tags,
    security: signedIn,
    consumes: ['text/csv'],
    body: csvUpload,
    response: { 200: importReport, ...errorResponses },
  }),
} as const;
