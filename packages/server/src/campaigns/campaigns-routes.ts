import { z } from 'zod';
import type { CallbackEntry, CampaignImportReport, ClaimAnswer } from '../api-types.js';
import { ServerError } from '../errors.js';
import type { Feature } from '../features.js';
import { decodeCsv, readEntryCsv } from './campaign-import.js';
import { campaignPatch, campaignSettings } from './campaign-settings.js';
import { campaignStats } from './campaign-stats.js';
import { createCampaignStore, toEntry } from './campaign-store.js';
import { claimForAgent } from './claim-for-agent.js';
import { entriesCsv } from './entries-csv.js';
import { entryResultBody, recordEntryResult } from './entry-result.js';
import { describeRule, localeOf } from './refusal-text.js';
import { parse, supervisor } from './route-helpers.js';

const idParams = z.strictObject({ id: z.uuid() });
const entryParams = z.strictObject({ id: z.uuid(), entryId: z.uuid() });

/**
 * Call lists: supervisors create, import, pause/close, watch and export them; agents claim entries
 * one at a time and report each attempt's result.
 */
export const campaignsRoutes: Feature = async (app, ctx) => {
  const store = createCampaignStore(ctx.db, ctx.now);

  // A list file arrives as the bytes the supervisor picked (UTF-8 or GBK); this scope decodes it.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );

  app.get('/api/campaigns', async (req) => {
    const user = await ctx.authenticate(req);
    return { items: await store.list(user.role === 'supervisor' ? undefined : user.username) };
  });

  app.post('/api/campaigns', async (req, reply) => {
    const user = await supervisor(ctx, req);
    const settings = parse(campaignSettings, req.body);
    if (settings.hoursEnd <= settings.hoursStart) throw new ServerError('INVALID_REQUEST');
    reply.code(201);
    return { campaign: await store.create(settings, user.username) };
  });

  app.get('/api/campaigns/:id', async (req) => {
    const user = await ctx.authenticate(req);
    const campaign = await store.get(parse(idParams, req.params).id);
    if (
      user.role !== 'supervisor' &&
      campaign.agents.length > 0 &&
      !campaign.agents.includes(user.username)
    ) {
      throw new ServerError('CAMPAIGN_NOT_ASSIGNED');
    }
    return { campaign };
  });

  app.patch('/api/campaigns/:id', async (req) => {
    await supervisor(ctx, req);
    const { status } = parse(campaignPatch, req.body);
    return { campaign: await store.setStatus(parse(idParams, req.params).id, status) };
  });

  app.post('/api/campaigns/:id/import', { bodyLimit: 2 * 1024 * 1024 }, async (req) => {
    await supervisor(ctx, req);
    const campaign = await store.get(parse(idParams, req.params).id);
    if (campaign.status === 'closed') throw new ServerError('CAMPAIGN_NOT_ACTIVE');
    if (!Buffer.isBuffer(req.body)) throw new ServerError('CAMPAIGN_IMPORT_INVALID');
    const charset = /charset=([^;]+)/i.exec(String(req.headers['content-type'] ?? ''))?.[1];
    const read = readEntryCsv(decodeCsv(req.body, charset));
    const added = await store.addEntries(campaign.id, read.entries);
    const lang = localeOf(req.headers['accept-language']);
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
    } satisfies CampaignImportReport;
  });

  app.get('/api/campaigns/:id/entries', async (req) => {
    await supervisor(ctx, req);
    const id = parse(idParams, req.params).id;
    await store.get(id);
    return { items: (await store.entries(id)).map((e) => toEntry(e)) };
  });

  app.get('/api/campaigns/:id/stats', async (req) => {
    await supervisor(ctx, req);
    const id = parse(idParams, req.params).id;
    await store.get(id);
    return campaignStats(ctx.db, id);
  });

  app.get('/api/campaigns/:id/export.csv', async (req, reply) => {
    await supervisor(ctx, req);
    const campaign = await store.get(parse(idParams, req.params).id);
    const lang = localeOf(req.headers['accept-language']);
    const body = entriesCsv(
      (await store.entries(campaign.id)).map((e) => toEntry(e)),
      campaign,
      lang,
    );
    const file = `campaign-${campaign.id.slice(0, 8)}.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file}"`)
      .send(body);
  });

  app.post('/api/campaigns/:id/claim', async (req) => {
    const user = await ctx.authenticate(req);
    const campaign = await store.get(parse(idParams, req.params).id);
    const answer = await claimForAgent(ctx.db, campaign, user.username, ctx.now());
    const lang = localeOf(req.headers['accept-language']);
    const masked = campaign.maskNumbers;
    return {
      entry:
        answer.entry === undefined
          ? null
          : { ...toEntry(answer.entry, masked), dialNumber: answer.entry.phone },
      skipped: answer.skipped.map((s) => ({
        entry: toEntry(s.entry, masked),
        code: s.rule.code,
        rule: s.rule,
        ...describeRule(s.rule, lang),
      })),
      refusal:
        answer.refusal === undefined
          ? null
          : { code: answer.refusal.code, rule: answer.refusal, ...describeRule(answer.refusal, lang) },
    } satisfies ClaimAnswer;
  });

  app.post('/api/campaigns/:id/entries/:entryId/result', async (req) => {
    const user = await ctx.authenticate(req);
    const { id, entryId } = parse(entryParams, req.params);
    const campaign = await store.get(id);
    const input = parse(entryResultBody, req.body);
    const entry = await recordEntryResult(ctx.db, campaign, entryId, user.username, input, ctx.now());
    return { entry: toEntry(entry, campaign.maskNumbers) };
  });

  /** The agent's scheduled callbacks (all lists), for the workbench's reminders. */
  app.get('/api/campaigns/callbacks', async (req) => {
    const user = await ctx.authenticate(req);
    const rows = await ctx.db
      .selectFrom('campaign_entries')
      .innerJoin('campaigns', 'campaigns.id', 'campaign_entries.campaign_id')
      .selectAll('campaign_entries')
      .select(['campaigns.name as campaign_name', 'campaigns.mask_numbers'])
      .where('campaign_entries.owner', '=', user.username)
      .where('campaign_entries.status', '=', 'pending')
      .where('campaign_entries.callback_at', 'is not', null)
      .where('campaigns.status', '=', 'active')
      .orderBy('campaign_entries.next_at')
      .limit(100)
      .execute();
    return {
      items: rows.map(({ campaign_name, mask_numbers, ...e }) => ({
        ...toEntry(e, mask_numbers === 1),
        campaignName: campaign_name,
      })),
    } satisfies { items: CallbackEntry[] };
  });
};
