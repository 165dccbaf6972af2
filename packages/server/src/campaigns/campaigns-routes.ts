import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { contract } from '../api/contract.js';
import { charsetOf, readCsvFile } from '../csv/csv-read.js';
import { csvStream } from '../csv/csv-write.js';
import type { CampaignEntriesTable, Database } from '../db/schema.js';
import { ServerError } from '../errors.js';
import type { SessionUser } from '../http/core-plugin.js';
import { typed } from '../http/routes.js';
import { createMappingStore } from '../numbers/mapping-store.js';
import { createNumberShield } from '../numbers/number-shield.js';
import { maxEntryRows, readEntryCsv } from './campaign-import.js';
import { campaignStats } from './campaign-stats.js';
import { createCampaignStore, toEntry } from './campaign-store.js';
import { claimForAgent } from './claim-for-agent.js';
import { entryColumns } from './entries-csv.js';
import { recordEntryResult } from './entry-result.js';
import { describeRule, ruleFor } from './refusal-text.js';

/** Largest call-list file. */
export const maxEntryFileBytes = 2 * 1024 * 1024;

/**
 * Call lists: supervisors create, import, pause/close, watch and export them; agents claim entries
 * one at a time and report each attempt's result.
 */
export function campaignsRoutes(app: FastifyInstance, db: Kysely<Database>): void {
  const now = app.dialer.now;
  const store = createCampaignStore(db, now);
  const api = typed(app);
  const mappingOn = app.dialer.numberMapping.enabled;
  const mapping = createMappingStore(db, now);
  const shield = createNumberShield(db, now);
  /** An entry as `user` may see it: on a protected list an agent sees its customer ID, never the number. */
  const shown = async (
    row: CampaignEntriesTable,
    list: { maskNumbers: boolean; protectNumbers: boolean },
    user: SessionUser,
  ) =>
    list.protectNumbers && user.role !== 'supervisor'
      ? toEntry(row, list.maskNumbers, await mapping.idFor(row.phone))
      : toEntry(row, list.maskNumbers);

  api.route({
    ...contract.campaigns.list,
    handler: async (req) => {
      const user = await app.authenticate(req);
      return { items: await store.list(user.role === 'supervisor' ? undefined : user.username) };
    },
  });

  api.route({
    ...contract.campaigns.create,
    handler: async (req, reply) => {
      const user = await app.authenticate(req);
      const settings = req.body;
      if (settings.hoursEnd <= settings.hoursStart) throw new ServerError('INVALID_REQUEST');
      // Without mapping the browser must hold the number to dial it: protection would be a pretence.
      if (settings.protectNumbers && !app.dialer.numberMapping.enabled)
        throw new ServerError('NUMBER_PROTECTION_NEEDS_MAPPING');
      return reply.status(201).send({ campaign: await store.create(settings, user.username) });
    },
  });

  api.route({
    ...contract.campaigns.get,
    handler: async (req) => {
      const user = await app.authenticate(req);
      const campaign = await store.get(req.params.id);
      if (
        user.role !== 'supervisor' &&
        campaign.agents.length > 0 &&
        !campaign.agents.includes(user.username)
      ) {
        throw new ServerError('CAMPAIGN_NOT_ASSIGNED');
      }
      return { campaign };
    },
  });

  api.route({
    ...contract.campaigns.setStatus,
    handler: async (req) => ({ campaign: await store.setStatus(req.params.id, req.body.status) }),
  });

  api.route({
    ...contract.campaigns.import,
    handler: async (req) => {
      const campaign = await store.get(req.params.id);
      if (campaign.status === 'closed') throw new ServerError('CAMPAIGN_NOT_ACTIVE');
      const rows = await readCsvFile(req.body, {
        charset: charsetOf(req.headers['content-type']),
        maxBytes: maxEntryFileBytes,
        tooLarge: 'IMPORT_FILE_TOO_LARGE',
        maxRows: maxEntryRows,
        tooManyRows: 'CAMPAIGN_IMPORT_TOO_LARGE',
        invalid: 'CAMPAIGN_IMPORT_INVALID',
      });
      const read = readEntryCsv(rows);
      const added = await store.addEntries(campaign.id, read.entries);
      const lang = req.locale;
      const errors = [
        ...read.errors,
        ...added.duplicates.map((row) => ({ row, code: 'ENTRY_DUPLICATE' as const })),
      ].sort((a, b) => a.row - b.row);
      return {
        imported: added.imported,
        errors: errors.map((e) => ({
          row: e.row,
          code: e.code,
          message: new ServerError(e.code).message_(lang),
        })),
        doNotCall: added.doNotCall.map((row) => ({
          row,
          code: 'DNC_LISTED',
          message: new ServerError('DNC_LISTED').message_(lang),
        })),
      };
    },
  });

  api.route({
    ...contract.campaigns.entries,
    handler: async (req) => {
      const user = await app.authenticate(req);
      const campaign = await store.get(req.params.id);
      const items = (await store.entries(campaign.id)).map((e) => toEntry(e));
      if (campaign.protectNumbers)
        await shield.recordReveal(user, 'GET /api/campaigns/:id/entries', [campaign.id], items.length);
      return { items };
    },
  });

  api.route({
    ...contract.campaigns.stats,
    handler: async (req) => {
      const id = req.params.id;
      await store.get(id);
      return campaignStats(db, id);
    },
  });

  api.route({
    ...contract.campaigns.exportCsv,
    handler: async (req, reply) => {
      const user = await app.authenticate(req);
      const campaign = await store.get(req.params.id);
      const entries = (await store.entries(campaign.id)).map((e) => toEntry(e));
      if (campaign.protectNumbers)
        await shield.recordReveal(user, 'GET /api/campaigns/:id/export.csv', [campaign.id], entries.length);
      const file = `campaign-${campaign.id.slice(0, 8)}.csv`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(csvStream(entryColumns(campaign), entries, req.locale));
    },
  });

  api.route({
    ...contract.campaigns.claim,
    handler: async (req) => {
      const user = await app.authenticate(req);
      const campaign = await store.get(req.params.id);
      const answer = await claimForAgent(db, campaign, user.username, now());
      const lang = req.locale;
      const claimed = answer.entry;
      // Under mapping every dial goes by customer ID; a protected list never names the number.
      const dial =
        claimed === undefined
          ? {}
          : {
              ...(campaign.protectNumbers ? {} : { dialNumber: claimed.phone }),
              ...(mappingOn ? { customerId: await mapping.idFor(claimed.phone) } : {}),
            };
      const skipped = [];
      for (const s of answer.skipped) {
        const rule = ruleFor(s.rule, user.role);
        skipped.push({
          entry: await shown(s.entry, campaign, user),
          code: rule.code,
          rule,
          ...describeRule(rule, lang),
        });
      }
      const refusal = answer.refusal === undefined ? undefined : ruleFor(answer.refusal, user.role);
      return {
        entry: claimed === undefined ? null : { ...(await shown(claimed, campaign, user)), ...dial },
        skipped,
        refusal:
          refusal === undefined
            ? null
            : { code: refusal.code, rule: refusal, ...describeRule(refusal, lang) },
      };
    },
  });

  api.route({
    ...contract.campaigns.result,
    handler: async (req) => {
      const user = await app.authenticate(req);
      const { id, entryId } = req.params;
      const campaign = await store.get(id);
      const entry = await recordEntryResult(db, campaign, entryId, user.username, req.body, now());
      return { entry: await shown(entry, campaign, user) };
    },
  });

  api.route({
    ...contract.campaigns.callbacks,
    handler: async (req) => {
      const user = await app.authenticate(req);
      const rows = await db
        .selectFrom('campaign_entries')
        .innerJoin('campaigns', 'campaigns.id', 'campaign_entries.campaign_id')
        .selectAll('campaign_entries')
        .select(['campaigns.name as campaign_name', 'campaigns.mask_numbers', 'campaigns.protect_numbers'])
        .where('campaign_entries.owner', '=', user.username)
        .where('campaign_entries.status', '=', 'pending')
        .where('campaign_entries.callback_at', 'is not', null)
        .where('campaigns.status', '=', 'active')
        .orderBy('campaign_entries.next_at')
        .limit(100)
        .execute();
      const items = [];
      for (const { campaign_name, mask_numbers, protect_numbers, ...e } of rows) {
        const list = { maskNumbers: mask_numbers === 1, protectNumbers: protect_numbers === 1 };
        items.push({ ...(await shown(e, list, user)), campaignName: campaign_name });
      }
      return { items };
    },
  });
}
