import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { contract } from '../api/contract.js';
import { charsetOf, readCsvFile } from '../csv/csv-read.js';
import type { Database } from '../db/schema.js';
import { ServerError } from '../errors.js';
import { typed } from '../http/routes.js';
import { createMappingStore } from '../numbers/mapping-store.js';
import { validatePhone } from '../phone/phone.js';
import { maxEntryRows } from './campaign-import.js';
import { maxEntryFileBytes } from './campaigns-routes.js';
import { issueDialPermit, type PermitMapping } from './dial-permit.js';
import { createDncStore } from './dnc-store.js';
import { describeRule, ruleFor } from './refusal-text.js';

const phoneHeaders = ['phone', 'number', '电话', '手机', '号码'];

/** A number as the list stores it, or ENTRY_PHONE_INVALID. */
function national(raw: string): string {
  const r = validatePhone(raw);
  if (!r.valid) throw new ServerError('ENTRY_PHONE_INVALID');
  return r.national;
}

/**
 * `POST /api/dial-permits` (every dial from the workbench asks first) and the do-not-call list
 * (supervisors: list, add, import, remove with a reason; every change audited).
 */
export function complianceRoutes(app: FastifyInstance, db: Kysely<Database>): void {
  const now = app.dialer.now;
  const dnc = createDncStore(db, now);
  const api = typed(app);
  const settings = app.dialer.numberMapping;
  const mapping: PermitMapping | undefined = settings.enabled
    ? { store: createMappingStore(db, now), ttlMs: settings.permitTtlMs, dialPad: settings.dialPad }
    : undefined;

  api.route({
    ...contract.compliance.permit,
    handler: async (req) => {
      const user = await app.authenticate(req);
      const body = req.body;
      let phone = body.phone === undefined ? undefined : national(body.phone);
      if (phone === undefined && body.customerId !== undefined) {
        phone = mapping === undefined ? undefined : await mapping.store.phoneFor(body.customerId);
        if (phone === undefined) throw new ServerError('MAPPING_ID_UNKNOWN');
      }
      const answer = await issueDialPermit(
        db,
        {
          phone,
          agent: user.username,
          campaignId: body.campaignId,
          entryId: body.entryId,
        },
        now(),
        mapping,
      );
      if (answer.allowed) return answer;
      const rule = ruleFor(answer.rule, user.role);
      return { ...answer, rule, ...describeRule(rule, req.locale) };
    },
  });

  api.route({
    ...contract.compliance.dncList,
    handler: async (req) => ({ items: await dnc.list(req.query.q) }),
  });

  api.route({
    ...contract.compliance.dncAdd,
    handler: async (req) => {
      const user = await app.authenticate(req);
      return { added: await dnc.add([national(req.body.phone)], req.body.reason, user.username) };
    },
  });

  /** A CSV of numbers (first column, or a `phone`/`电话` column) and a `reason` query for them all. */
  api.route({
    ...contract.compliance.dncImport,
    handler: async (req) => {
      const user = await app.authenticate(req);
      const rows = await readCsvFile(req.body, {
        charset: charsetOf(req.headers['content-type']),
        maxBytes: maxEntryFileBytes,
        tooLarge: 'IMPORT_FILE_TOO_LARGE',
        maxRows: maxEntryRows,
        tooManyRows: 'CAMPAIGN_IMPORT_TOO_LARGE',
        invalid: 'CAMPAIGN_IMPORT_INVALID',
      });
      const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
      const named = header.findIndex((h) => phoneHeaders.includes(h));
      const col = Math.max(named, 0);
      const phones: string[] = [];
      const errors: { row: number; code: 'ENTRY_PHONE_INVALID'; message: string }[] = [];
      rows.forEach((cells, i) => {
        if (i === 0 && named >= 0) return;
        const cell = cells[col] ?? '';
        const r = validatePhone(cell);
        if (r.valid) phones.push(r.national);
        else if (cell.trim() !== '' && !(i === 0 && named < 0 && !/\d/.test(cell)))
          errors.push({
            row: i + 1,
            code: 'ENTRY_PHONE_INVALID',
            message: new ServerError('ENTRY_PHONE_INVALID').message_(req.locale),
          });
      });
      return { added: await dnc.add([...new Set(phones)], req.query.reason, user.username), errors };
    },
  });

  api.route({
    ...contract.compliance.dncRemove,
    handler: async (req) => {
      const user = await app.authenticate(req);
      const removed = await dnc.remove(national(req.params.phone), req.query.reason, user.username);
      if (!removed) throw new ServerError('NOT_FOUND');
      return { ok: true as const };
    },
  });

  api.route({
    ...contract.compliance.dncAudit,
    handler: async (req) => {
      const { phone } = req.query;
      return { items: await dnc.audit(phone === undefined ? undefined : national(phone)) };
    },
  });
}
