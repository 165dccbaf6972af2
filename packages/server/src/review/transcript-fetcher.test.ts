import { defaultEmulatorConfig } from '@tccc-dialer/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { cdrApiFromUpstream, type UpstreamRequest } from '../records/cdr-api.js';
import { syncCdrs } from '../records/cdr-sync.js';
import { demoUsers, seedUsers } from '../records/test-support/records-app.js';
import { createRateLimiter } from '../security/rate-limiter.js';
import { databaseTargets } from '../test-support/databases.js';
import { useEmulatorUpstream } from '../test-support/emulator-upstream.js';
import { createTranscriptFetcher, type TranscriptFetchOptions } from './transcript-fetcher.js';

const targets = await databaseTargets();
const tccc = useEmulatorUpstream();

/**
 * The emulator as TCCC is right after a call: its first `emptyAnswers` answers for each call have no
 * lines yet (the transcription is still running); every other request goes to the emulator as it is.
 */
function notTranscribedYet(emptyAnswers: number): UpstreamRequest & { asked: () => number } {
  const seen = new Map<string, number>();
  let asked = 0;
  return {
    asked: () => asked,
    async request<T>(action: string, params: Record<string, unknown>): Promise<T> {
      if (action !== 'DescribeTelRecordAsr') return tccc.upstream.request<T>(action, params);
      asked++;
      const id = String(params.SessionId);
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      if (n <= emptyAnswers) return { AsrDataList: [], RequestId: 'r' } as T;
      return tccc.upstream.request<T>(action, params);
    },
  };
}

describe.each(targets)('transcripts fetched in the background ($engine)', ({ open }) => {
  let handle: DatabaseHandle;
  let clock = 0;
  let recorded = 0;
  beforeEach(async () => {
    tccc.emulator.reset();
    handle = await open();
    await seedUsers(handle.db);
    const end = Math.floor(Date.now() / 1000) - 600;
    tccc.emulator.seedCdrs({
      count: 12,
      seatUserId: demoUsers.alice.seatUserId,
      startTimestamp: end - 3600,
      endTimestamp: end,
    });
    await syncCdrs({
      db: handle.db,
      api: cdrApiFromUpstream(tccc.upstream, defaultEmulatorConfig.sdkAppId),
      since: (end - 7200) * 1000,
    });
    const rows = await handle.db
      .selectFrom('calls')
      .select('session_id')
      .where('has_recording', '=', 1)
      .execute();
    recorded = rows.length;
    clock = Date.now();
  });
  afterEach(async () => {
    await handle.close();
  });

  const fetcher = (asr: UpstreamRequest, options: Partial<TranscriptFetchOptions> = {}) =>
    createTranscriptFetcher({
      db: handle.db,
      upstream: asr,
      sdkAppId: defaultEmulatorConfig.sdkAppId,
      now: () => clock,
      limiter: createRateLimiter({ max: options.perMinute ?? 600, windowMs: 60_000, now: () => clock }),
      options: { perMinute: 600, retryBaseMs: 60_000, ...options },
    });
  const stored = async () =>
    (await handle.db.selectFrom('call_transcripts').select('session_id').execute()).length;

  it('asks again with a growing wait while TCCC has no lines, never storing the early empty answer', async () => {
    expect(recorded).toBeGreaterThan(0);
    const asr = notTranscribedYet(2);
    const f = fetcher(asr);
    expect(await f.runOnce()).toBe(recorded);
    expect(await stored()).toBe(0);
    // Within the first wait nobody is asked again.
    clock += 59_000;
    expect(await f.runOnce()).toBe(0);
    clock += 1000;
    expect(await f.runOnce()).toBe(recorded);
    expect(await stored()).toBe(0);
    // The second wait is twice the first.
    clock += 60_000;
    expect(await f.runOnce()).toBe(0);
    clock += 60_000;
    expect(await f.runOnce()).toBe(recorded);
    // Now TCCC had them: every recorded call's transcript is stored, with lines, and never asked again.
    expect(await stored()).toBe(recorded);
    const lines = await handle.db.selectFrom('transcript_lines').select('session_id').distinct().execute();
    expect(lines.length).toBeGreaterThan(0);
    clock += 3_600_000;
    expect(await f.runOnce()).toBe(0);
    expect(asr.asked()).toBe(3 * recorded);
  });

  it('keeps to the pace it is given, and leaves the rest for the next pass', async () => {
    const f = fetcher(notTranscribedYet(0), { perMinute: 3 });
    expect(await f.runOnce()).toBe(Math.min(3, recorded));
    expect(await f.runOnce()).toBe(0);
    clock += 60_000;
    expect(await f.runOnce()).toBe(Math.min(3, Math.max(0, recorded - 3)));
  });

  it('stores "no transcript" only after the last try', async () => {
    const asr = notTranscribedYet(1000);
    const f = fetcher(asr, { maxAttempts: 2 });
    await f.runOnce();
    expect(await stored()).toBe(0);
    clock += 60_000;
    await f.runOnce();
    const kept = await handle.db.selectFrom('call_transcripts').select('line_count').execute();
    expect(kept.map((k) => Number(k.line_count))).toEqual(Array(recorded).fill(0));
    clock += 86_400_000;
    expect(await f.runOnce()).toBe(0);
    expect(asr.asked()).toBe(2 * recorded);
  });
});
