import { normalizePhone } from '@tccc-dialer/web/phone';
import { z } from 'zod';
import type { PermitAnswer } from '../api-types.js';
import { parseCsv } from '../customers/csv.js';
import { ServerError } from '../errors.js';
import type { Feature } from '../features.js';
import { decodeCsv } from './campaign-import.js';
import { issueDialPermit } from './dial-permit.js';
import { createDncStore } from './dnc-store.js';
import { describeRule, localeOf } from './refusal-text.js';
import { parse, supervisor } from './route-helpers.js';

const permitBody = z.strictObject({
  phone: z.string().min(1).max(40),
  campaignId: z.uuid().optional(),
  entryId: z.uuid().optional(),
});
const dncBody = z.strictObject({
  phone: z.string().min(1).max(40),
  reason: z.string().trim().min(1).max(200),
});
const dncRemove = z.strictObject({ reason: z.string().trim().min(1).max(200) });
const dncQuery = z.strictObject({ q: z.string().max(40).optional() });
const auditQuery = z.strictObject({ phone: z.string().max(40).optional() });

function national(raw: string): string {
  const r = normalizePhone(raw, { defaultRegion: 'CN' });
  if (!r.valid) throw new ServerError('ENTRY_PHONE_INVALID');
  return r.national;
}

/**
 * `POST /api/dial-permits` (every dial from the workbench asks first) and the do-not-call list
 * (supervisors: list, add, import, remove with a reason; every change audited).
 */
export const complianceRoutes: Feature = async (app, ctx) => {
  const dnc = createDncStore(ctx.db, ctx.now);

  app.post('/api/dial-permits', async (req): Promise<PermitAnswer> => {
    const user = await ctx.authenticate(req);
    const body = parse(permitBody, req.body);
    const answer = await issueDialPermit(
      ctx.db,
      {
        phone: national(body.phone),
        agent: user.username,
        campaignId: body.campaignId,
        entryId: body.entryId,
      },
      ctx.now(),
    );
    if (answer.allowed) return answer;
    return { ...answer, ...describeRule(answer.rule, localeOf(req.headers['accept-language'])) };
  });

  app.get('/api/dnc', async (req) => {
    await supervisor(ctx, req);
    return { items: await dnc.list(parse(dncQuery, req.query).q) };
  });

  app.post('/api/dnc', async (req) => {
    const user = await supervisor(ctx, req);
    const body = parse(dncBody, req.body);
    return { added: await dnc.add([national(body.phone)], body.reason, user.username) };
  });

  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );

  /** A CSV of numbers (first column, or a `phone`/`电话` column) and a `reason` query for them all. */
  app.post('/api/dnc/import', { bodyLimit: 2 * 1024 * 1024 }, async (req) => {
    const user = await supervisor(ctx, req);
    const { reason } = parse(dncRemove, req.query);
    if (!Buffer.isBuffer(req.body)) throw new ServerError('CAMPAIGN_IMPORT_INVALID');
    const charset = /charset=([^;]+)/i.exec(String(req.headers['content-type'] ?? ''))?.[1];
    const rows = parseCsv(decodeCsv(req.body, charset));
    const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
    const named = header.findIndex((h) => ['phone', 'number', '电话', '手机', '号码'].includes(h));
    const col = Math.max(named, 0);
    const phones: string[] = [];
    const errors: { row: number; code: 'ENTRY_PHONE_INVALID'; message: string }[] = [];
    const lang = localeOf(req.headers['accept-language']);
    rows.forEach((cells, i) => {
      if (i === 0 && named >= 0) return;
      const r = normalizePhone(cells[col] ?? '', { defaultRegion: 'CN' });
      if (r.valid) phones.push(r.national);
      else if ((cells[col] ?? '').trim() !== '' && !(i === 0 && named < 0 && !/\d/.test(cells[col] ?? '')))
        errors.push({
          row: i + 1,
          code: 'ENTRY_PHONE_INVALID',
          message: new ServerError('ENTRY_PHONE_INVALID').message_(lang),
        });
    });
    return { added: await dnc.add([...new Set(phones)], reason, user.username), errors };
  });

  app.delete('/api/dnc/:phone', async (req) => {
    const user = await supervisor(ctx, req);
    const { phone } = parse(z.strictObject({ phone: z.string().min(1).max(40) }), req.params);
    const { reason } = parse(dncRemove, req.query);
    const removed = await dnc.remove(national(phone), reason, user.username);
    if (!removed) throw new ServerError('NOT_FOUND');
    return { ok: true };
  });

  app.get('/api/dnc/audit', async (req) => {
    await supervisor(ctx, req);
    const { phone } = parse(auditQuery, req.query);
    return { items: await dnc.audit(phone === undefined ? undefined : national(phone)) };
  });
};
