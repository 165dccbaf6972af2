// Transcripts, AI analysis and recordings through the official client: every answered call has a Chinese
// conversation whose lines are Unix-millisecond timestamps inside the call, the analysis follows what was
// said, and each line is audible at its offset in the recordings (both sides mixed, and each side alone).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './index.js';
import { call, commonClient } from './test-support/common-client.js';
import { headlessSeat } from './test-support/headless-seat.js';

interface Asr {
  User: string;
  Message: string;
  Start: number;
  End: number;
}

let emu: Emulator;
let aheadMs = 0;
let receiver: Server;
let records: Record<string, unknown>[] = [];
const app = () => emu.config.sdkAppId;
const nowS = () => Math.floor((Date.now() + aheadMs) / 1000);

const asrOf = async (sessionId: string) =>
  call(commonClient(emu), 'DescribeTelRecordAsr', { SdkAppId: app(), SessionId: sessionId });
const cdrOf = async (sessionId: string) =>
  (
    (
      await call(commonClient(emu), 'DescribeTelCdr', {
        SdkAppId: app(),
        StartTimeStamp: nowS() - 2 * 86400,
        EndTimeStamp: nowS() + 5,
        PageSize: 10,
        PageNumber: 0,
        SessionIds: [sessionId],
      })
    ).TelCdrList as Record<string, unknown>[]
  )[0] as Record<string, unknown>;
const analysisOf = async (sessionId: string, startTime = nowS() - 2 * 86400) =>
  call(commonClient(emu), 'DescribeAIAnalysisResult', {
    SdkAppId: app(),
    SessionId: sessionId,
    StartTime: startTime,
    EndTime: nowS() + 5,
  });

/** The 16-bit samples of a recording link. */
async function samplesOf(url: string): Promise<Int16Array> {
  const res = await fetch(url.replace('ccc.localhost', '127.0.0.1'));
  expect(res.status).toBe(200);
  const wav = Buffer.from(await res.arrayBuffer());
  expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
  expect(wav.readUInt32LE(24)).toBe(8000);
  return new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.length));
}

/** Loudness of a span of the recording, by Unix-ms timestamps from its start. */
const rms = (s: Int16Array, from: number, to: number, startMs: number): number => {
  const a = Math.max(0, Math.round(((from - startMs) * 8000) / 1000));
  const b = Math.min(s.length, Math.round(((to - startMs) * 8000) / 1000));
  let sum = 0;
  for (let i = a; i < b; i++) sum += (s[i] as number) ** 2;
  return b > a ? Math.sqrt(sum / (b - a)) : 0;
};

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (new URL(req.url ?? '/', 'http://x').searchParams.get('action') === 'record')
      records.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ErrCode":0}');
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  emu = await startEmulator({
    port: 0,
    ringMs: 50,
    // These tests read many calls at once; pacing is tested elsewhere.
    rateLimitPerSecond: 1000,
    now: () => Date.now() + aheadMs,
    pushUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/push`,
  });
});
afterEach(async () => {
  await emu.push.idle();
  records = [];
  aheadMs = 0;
});
afterAll(async () => {
  await emu.close();
  await new Promise((r) => receiver.close(r));
});

describe('DescribeTelRecordAsr', () => {
  it('transcribes every answered call in Chinese, both sides, in millisecond timestamps within the call', async () => {
    const ids = emu.seedCdrs({ count: 16, startTimestamp: nowS() - 7200, endTimestamp: nowS() - 600 });
    const texts: string[] = [];
    for (const sessionId of ids) {
      const cdr = await cdrOf(sessionId);
      const { AsrDataList } = (await asrOf(sessionId)) as { AsrDataList: Asr[] };
      if (cdr.EndStatus !== 1) {
        expect(AsrDataList).toEqual([]);
        continue;
      }
      expect(AsrDataList.length).toBeGreaterThanOrEqual(5);
      expect(new Set(AsrDataList.map((l) => l.User))).toEqual(new Set([cdr.Callee, 'agent@example.com']));
      expect(AsrDataList[0]).toMatchObject({
        User: 'agent@example.com',
        Message: expect.stringMatching(/^您好/),
      });
      let previousEnd = Number(cdr.AcceptTimestamp) * 1000;
      for (const line of AsrDataList) {
        expect(line.Message).toMatch(/\p{Script=Han}/u);
        expect(line.Start).toBeGreaterThan(previousEnd);
        expect(line.End).toBeGreaterThan(line.Start);
        previousEnd = line.End;
      }
      expect(previousEnd).toBeLessThanOrEqual(Number(cdr.EndedTimestamp) * 1000 + 999);
      texts.push(AsrDataList.map((l) => l.Message).join(''));
      // The same call says the same every time.
      expect(await asrOf(sessionId)).toMatchObject({ AsrDataList });
    }
    // Words a search looks for are in some calls, not in all.
    const found = ['退款', '投诉', '续费'].map((w) => texts.filter((t) => t.includes(w)).length);
    expect(found.some((n) => n > 0)).toBe(true);
    expect(found.every((n) => n < texts.length)).toBe(true);
  });

  it('answers ResourceNotFound for an unknown session', async () => {
    expect(await asrOf('no-such-session')).toMatchObject({ code: 'ResourceNotFound' });
  });
});

describe('DescribeAIAnalysisResult', () => {
  it('summarises, reads the mood and the intention of what the transcript says', async () => {
    const ids = emu.seedCdrs({ count: 24, startTimestamp: nowS() - 7200, endTimestamp: nowS() - 600 });
    const intentions = new Set<string>();
    for (const sessionId of ids) {
      const r = await analysisOf(sessionId);
      const { AsrDataList } = (await asrOf(sessionId)) as { AsrDataList: Asr[] };
      if (AsrDataList.length === 0) {
        expect(r.ResultList).toEqual([]);
        continue;
      }
      const results = r.ResultList as { Type: string; Result: string }[];
      expect(results.map((x) => x.Type)).toEqual(['summary', 'mood', 'intention']);
      const [summary, mood, intention] = results.map((x) => x.Result) as [string, string, string];
      const said = AsrDataList.map((l) => l.Message).join('');
      intentions.add(intention);
      if (intention !== '咨询') expect(said).toContain(intention);
      else expect(said).toContain('下班');
      expect(summary).toMatch(/座席/);
      expect(['正面', '中性', '负面']).toContain(mood);
      if (intention === '投诉') expect(mood).toBe('负面');
    }
    expect(intentions.size).toBeGreaterThan(1);
  });

  it('needs StartTime and EndTime, and finds the session only inside them', async () => {
    const [sessionId] = emu.seedCdrs({
      count: 1,
      startTimestamp: nowS() - 3600,
      endTimestamp: nowS() - 3600,
    });
    const missing = await call(commonClient(emu), 'DescribeAIAnalysisResult', {
      SdkAppId: app(),
      SessionId: sessionId,
    });
    expect(missing).toMatchObject({ code: 'MissingParameter' });
    expect(await analysisOf(String(sessionId), nowS() - 60)).toMatchObject({
      code: 'FailedOperation.SessionNotExists',
    });
  });
});

describe('recordings', () => {
  it('play each line at its offset from AcceptTimestamp, silence between; each side alone on its own recording', async () => {
    const [sessionId] = emu.seedCdrs({
      count: 1,
      startTimestamp: nowS() - 600,
      endTimestamp: nowS() - 600,
      push: true,
    });
    await emu.push.idle();
    const cdr = await cdrOf(String(sessionId));
    const { AsrDataList: lines } = (await asrOf(String(sessionId))) as { AsrDataList: Asr[] };
    const start = Number(cdr.AcceptTimestamp) * 1000;
    const mixed = await samplesOf(String(cdr.RecordURL));
    expect(mixed.length / 8000).toBeCloseTo(Number(cdr.EndedTimestamp) - Number(cdr.AcceptTimestamp), 0);
    const seatUrl = String((cdr.ServeParticipants as { RecordURL: string }[])[0]?.RecordURL);
    const seat = await samplesOf(seatUrl);
    const customerPush = records.find((r) => r.EndpointUser === cdr.Callee);
    expect(records.map((r) => r.EndpointUser)).toEqual([cdr.Callee, 'agent@example.com']);
    const customer = await samplesOf(String(customerPush?.RecordURL));
    for (const [i, line] of lines.entries()) {
      const agentLine = line.User === 'agent@example.com';
      expect(rms(mixed, line.Start, line.End, start)).toBeGreaterThan(800);
      expect(rms(agentLine ? seat : customer, line.Start, line.End, start)).toBeGreaterThan(800);
      expect(rms(agentLine ? customer : seat, line.Start, line.End, start)).toBe(0);
      const next = lines[i + 1];
      if (next) expect(rms(mixed, line.End + 20, next.Start - 20, start)).toBe(0);
    }
    expect(rms(mixed, start, (lines[0]?.Start ?? start) - 20, start)).toBe(0);
  });

  it('give a transferred call’s lines to the seat that spoke them, on that seat’s recording', async () => {
    const agent = await headlessSeat(emu, 'agent@example.com');
    const agent2 = await headlessSeat(emu, 'agent2@example.com');
    try {
      const { sessionId } = await agent.post('call', { phoneNumber: '13800138000' });
      await expect.poll(() => agent.events.map((e) => e.name)).toContain('calloutAccepted');
      aheadMs += 12_000;
      expect(await agent.post('transfer', { sessionId, userId: 'agent2@example.com' })).toEqual({});
      await expect.poll(() => agent2.events.map((e) => e.name)).toContain('callIn');
      await agent2.post('accept', { sessionId });
      aheadMs += 20_000;
      await agent2.post('hangup', { sessionId });
      const { AsrDataList: lines } = (await asrOf(String(sessionId))) as { AsrDataList: Asr[] };
      const said = lines.map(
        (l) =>
          `${l.User === 'agent@example.com' ? 1 : l.User === 'agent2@example.com' ? 2 : 'c'}:${l.Message}`,
      );
      expect(said[0]).toBe('1:您好，这里是客服中心，请问有什么可以帮您？');
      expect(said).toContain('1:请稍等，我为您转接专员。');
      expect(said).toContain('2:您好，我是专员，请您讲。');
      expect(said.indexOf('1:请稍等，我为您转接专员。')).toBeLessThan(
        said.indexOf('2:您好，我是专员，请您讲。'),
      );
      const cdr = await cdrOf(String(sessionId));
      const [first, second] = cdr.ServeParticipants as { RecordURL: string; RecordId: string }[];
      const start = Number(cdr.AcceptTimestamp) * 1000;
      const one = await samplesOf(String(first?.RecordURL));
      const two = await samplesOf(String(second?.RecordURL));
      for (const line of lines.filter((l) => l.User !== '008613800138000')) {
        const mine = line.User === 'agent@example.com' ? one : two;
        const theirs = line.User === 'agent@example.com' ? two : one;
        expect(rms(mine, line.Start, line.End, start)).toBeGreaterThan(800);
        expect(rms(theirs, line.Start, line.End, start)).toBe(0);
      }
      await emu.push.idle();
      expect(records.map((r) => r.EndpointUser)).toEqual([
        '008613800138000',
        'agent@example.com',
        'agent2@example.com',
      ]);
      expect(records.map((r) => r.RecordId).slice(1)).toEqual([first?.RecordId, second?.RecordId]);
    } finally {
      agent.close();
      agent2.close();
    }
  });
});
