// The data push as a receiver sees it: basic auth, X-TCCC-PUSH-UUID, ?action=cdr&version=1, retries
// until {"ErrCode":0} (at most 3), and the duplicates and reordering the real service warns about.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, MAX_PUSH_RETRIES, startEmulator } from './index.js';

interface Received {
  action: string | null;
  version: string | null;
  uuid: string;
  authorization: string;
  contentType: string;
  body: Record<string, unknown>;
}

let emu: Emulator;
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
/** What the receiver answers to the n-th push of an action (0-based); default `{"ErrCode":0}`. */
let answer: (n: number) => { status: number; body: string } = () => ({
  status: 200,
  body: '{"ErrCode":0,"ErrMsg":""}',
});

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    received.push({
      action: url.searchParams.get('action'),
      version: url.searchParams.get('version'),
      uuid: String(req.headers['x-tccc-push-uuid']),
      authorization: String(req.headers.authorization),
      contentType: String(req.headers['content-type']),
      body: await readJson(req),
    });
    const last = received.at(-1);
    const a = answer(received.filter((r) => r.action === last?.action).length - 1);
    res.writeHead(a.status, { 'content-type': 'application/json' });
    res.end(a.body);
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/tccc/push`;
  emu = await startEmulator({
    port: 0,
    pushUrl: receiverUrl,
    pushBasicAuth: 'tccc:push-secret',
    pushRetryDelayMs: 20,
  });
});
afterEach(() => {
  emu.reset();
  received = [];
  answer = () => ({ status: 200, body: '{"ErrCode":0,"ErrMsg":""}' });
});
afterAll(async () => {
  await emu.close();
  await new Promise((r) => receiver.close(r));
});

const cdrs = () => received.filter((r) => r.action === 'cdr');

describe('data push', () => {
  it('posts each CDR with basic auth and a push UUID, and the recordings of answered calls', async () => {
    const [answered] = emu.seedCdrs({ count: 1, push: true });
    await emu.push.idle();
    const cdr = cdrs()[0];
    expect(cdr).toMatchObject({
      version: '1',
      authorization: `Basic ${Buffer.from('tccc:push-secret').toString('base64')}`,
      contentType: 'application/json;charset=utf8',
    });
    expect(cdr?.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(cdr?.body).toMatchObject({
      SdkAppId: 1400000001,
      SessionId: answered,
      Direction: 1,
      Callee: '008613900000000',
      EndStatusString: 'ok',
      Uui: 'seed-0',
      SeatUser: { UserId: 'agent@example.com' },
    });
    const records = received.filter((r) => r.action === 'record');
    expect(records.map((r) => r.body.EndpointUser)).toEqual(['008613900000000', 'agent@example.com']);
    expect(
      records.every((r) => r.body.SessionId === answered && String(r.body.RecordURL).includes('/records/')),
    ).toBe(true);
    expect(new Set(received.map((r) => r.uuid)).size).toBe(3);
  });

  it('retries with the same UUID until the receiver answers ErrCode 0', async () => {
    answer = (n) => (n < 2 ? { status: 500, body: 'oops' } : { status: 200, body: '{"ErrCode":0}' });
    emu.seedCdrs({ count: 1, push: true });
    await emu.push.idle();
    const tries = cdrs();
    expect(tries).toHaveLength(3);
    expect(new Set(tries.map((t) => t.uuid)).size).toBe(1);
    const log = emu.push.attempts().filter((a) => a.action === 'cdr');
    expect(log.map((a) => [a.attempt, a.ok])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
  });

  it('gives up after 3 retries when the receiver keeps refusing', async () => {
    answer = () => ({ status: 200, body: '{"ErrCode":1,"ErrMsg":"not now"}' });
    emu.seedCdrs({ count: 1, push: true });
    await emu.push.idle();
    expect(cdrs()).toHaveLength(1 + MAX_PUSH_RETRIES);
    expect(emu.push.attempts().every((a) => !a.ok)).toBe(true);
  });

  it('delivers a push twice with the same UUID on a duplicate fault', async () => {
    emu.faults.push({ mode: 'duplicate', count: 1 });
    emu.seedCdrs({ count: 2, push: true });
    await emu.push.idle();
    const uuids = cdrs().map((c) => c.uuid);
    expect(uuids).toHaveLength(3);
    expect(new Set(uuids).size).toBe(2);
  });

  it('delivers a push after the next one on a reorder fault', async () => {
    emu.faults.push({ mode: 'reorder', count: 1 });
    const [first, second] = emu.seedCdrs({ count: 2, push: true });
    await emu.push.idle();
    expect(cdrs().map((c) => c.body.SessionId)).toEqual([second, first]);
  });

  it('retries when the answer is lost, so the receiver sees the same UUID twice', async () => {
    emu.faults.push({ mode: 'fail', count: 1 });
    emu.seedCdrs({ count: 1, push: true });
    await emu.push.idle();
    const tries = cdrs();
    expect(tries).toHaveLength(2);
    expect(tries[0]?.uuid).toBe(tries[1]?.uuid);
  });

  it('can be pointed elsewhere or switched off at runtime', async () => {
    emu.push.configure(null);
    emu.seedCdrs({ count: 1, push: true });
    await emu.push.idle();
    expect(received).toHaveLength(0);
    emu.push.configure({ url: receiverUrl });
    expect(emu.push.target()).toEqual({ url: receiverUrl, basicAuth: false });
    emu.seedCdrs({ count: 1, push: true });
    await emu.push.idle();
    expect(cdrs()[0]?.authorization).toBe('undefined');
    emu.push.configure({ url: receiverUrl, basicAuth: 'tccc:push-secret' });
  });
});
