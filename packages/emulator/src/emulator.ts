import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { defaultEmulatorConfig, type EmulatorConfig } from './config.js';
import { EmulatorError } from './errors.js';
import { verifyTc3 } from './tc3.js';

export interface EmulatorOptions {
  port?: number;
  host?: string;
  config?: Partial<EmulatorConfig>;
  pushUrl?: string;
  pushBasicAuth?: string;
  loginDelayMs?: number;
  ringMs?: number;
  noAnswerMs?: number;
  rateLimitPerSecond?: number;
  log?: (line: string) => void;
}

export interface ApiFault {
  action: string;
  count: number;
  error?: { code: string; message: string };
  delayMs?: number;
  malformed?: boolean;
  httpStatus?: number;
}
export type SdkFaultMode = 'not-found' | 'stall' | 'no-global' | 'token-expired';
export interface FaultControls {
  api(fault: ApiFault): void;
  sdk(fault: { mode: SdkFaultMode; count: number }): void;
  clear(): void;
}
export interface EmulatorStats {
  requests: Record<string, number>;
  rateLimited: number;
  maxPerSecond: number;
}
export interface CallEvent {
  name: string;
  payload: Record<string, unknown>;
  at: number;
}
export interface EmulatorCall {
  sessionId: string;
  seatUserId: string;
  direction: 'outbound' | 'inbound';
  callee: string;
  caller: string;
  uui?: string;
  startedAt: number;
  acceptedAt?: number;
  endedAt?: number;
  endStatus?: number;
  hungUpSide?: string;
  events: CallEvent[];
}
export interface Emulator {
  port: number;
  baseUrl: string;
  apiEndpoint: string;
  config: EmulatorConfig;
  faults: FaultControls;
  stats(): EmulatorStats;
  calls(): EmulatorCall[];
  inbound(seatUserId: string, caller: string): string;
  reset(): void;
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const END_STATUS: Record<number, string> = {
  0: 'error',
  1: 'ok',
  202: 'notAnswer',
  204: 'powerOff',
  205: 'notExists',
  206: 'busy',
};

let sdkBundle: Promise<string> | undefined;
function bundleSdk(): Promise<string> {
  sdkBundle ??= build({
    entryPoints: [
      fileURLToPath(new URL(`./sdk/tccc.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url)),
    ],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    minify: false,
  }).then((r) => r.outputFiles[0]?.text ?? '');
  return sdkBundle;
}

export function nationalNumber(n: string): string {
  return n.replace(/^(\+86|0086|86)(?=1\d{10}$)/, '').replace(/^(\+86|0086)/, '');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const port = options.port ?? 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new EmulatorError('INVALID_OPTION', `port must be 0–65535, got ${port}`);
  const config: EmulatorConfig = { ...defaultEmulatorConfig, ...options.config };
  const ringMs = options.ringMs ?? 1500;
  const noAnswerMs = options.noAnswerMs ?? 5000;
  const rateLimit = options.rateLimitPerSecond ?? 20;
  const loginDelayMs = options.loginDelayMs ?? 0;
  const log = options.log ?? (() => {});

  let apiFaults: ApiFault[] = [];
  let sdkFaults: { mode: SdkFaultMode; count: number }[] = [];
  let requests: Record<string, number> = {};
  let rateLimited = 0;
  let maxPerSecond = 0;
  let windows = new Map<string, number[]>();
  let allTimes: number[] = [];
  let tokens = new Map<string, { seatUserId: string; expires: number; onlyOnce: boolean; used: boolean }>();
  let sessions = new Map<string, { seatUserId: string; queue: CallEvent[] }>();
  let calls = new Map<string, EmulatorCall>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const faults: FaultControls = {
    api: (f) => {
      apiFaults.push({ ...f });
    },
    sdk: (f) => {
      sdkFaults.push({ ...f });
    },
    clear: () => {
      apiFaults = [];
      sdkFaults = [];
    },
  };

  function pushEvent(call: EmulatorCall, name: string, payload: Record<string, unknown>): void {
    const ev = { name, payload, at: Date.now() };
    call.events.push(ev);
    for (const s of sessions.values()) if (s.seatUserId === call.seatUserId) s.queue.push(ev);
  }

  function endCall(
    call: EmulatorCall,
    closeBy: string,
    endStatus: number,
    extra: Record<string, unknown> = {},
  ): void {
    if (call.endedAt) return;
    call.endedAt = Date.now();
    call.endStatus = endStatus;
    call.hungUpSide = closeBy === 'seat' ? 'seat' : closeBy === 'client' ? 'client' : 'system';
    pushEvent(call, 'sessionEnded', { sessionId: call.sessionId, closeBy, ...extra });
  }

  function startOutbound(seatUserId: string, p: Record<string, unknown>): EmulatorCall {
    const callee = nationalNumber(String(p.phoneNumber));
    const call: EmulatorCall = {
      sessionId: randomUUID(),
      seatUserId,
      direction: 'outbound',
      callee,
      caller: typeof p.callerPhoneNumber === 'string' ? p.callerPhoneNumber : (config.numbers[0] ?? ''),
      startedAt: Date.now(),
      events: [],
    };
    if (typeof p.uui === 'string') call.uui = p.uui;
    calls.set(call.sessionId, call);
    pushEvent(call, 'callOuted', {
      sessionId: call.sessionId,
      calleePhoneNumber: callee,
      callerPhoneNumber: call.caller,
      ...(typeof p.phoneDesc === 'string' ? { remark: p.phoneDesc } : {}),
    });
    const outcome: Record<string, number> = { '13800138001': 206, '13800138003': 204, '13800138004': 205 };
    const fail = outcome[callee];
    if (fail) later(ringMs, () => endCall(call, 'timer', fail, { mainReason: END_STATUS[fail] }));
    else if (callee === '13800138002')
      later(noAnswerMs, () => endCall(call, 'timer', 202, { mainReason: 'notAnswer' }));
    else
      later(ringMs, () => {
        if (call.endedAt) return;
        call.acceptedAt = Date.now();
        pushEvent(call, 'calloutAccepted', { sessionId: call.sessionId });
        if (callee === '13800138005') later(2000, () => endCall(call, 'client', 1));
      });
    return call;
  }

  function checkRate(action: string): boolean {
    const now = Date.now();
    allTimes = allTimes.filter((t) => now - t < 1000);
    allTimes.push(now);
    maxPerSecond = Math.max(maxPerSecond, allTimes.length);
    const w = (windows.get(action) ?? []).filter((t) => now - t < 1000);
    if (w.length >= rateLimit) {
      windows.set(action, w);
      rateLimited++;
      return false;
    }
    w.push(now);
    windows.set(action, w);
    return true;
  }

  function requireField(p: Record<string, unknown>, name: string, type: 'number' | 'string'): void {
    if (p[name] === undefined)
      throw new ApiError('MissingParameter', `The request is missing a required parameter \`${name}\`.`);
    if (typeof p[name] !== type)
      throw new ApiError('InvalidParameter', `The parameter \`${name}\` must be a ${type}.`);
  }
  function checkApp(p: Record<string, unknown>): void {
    requireField(p, 'SdkAppId', 'number');
    if (p.SdkAppId !== config.sdkAppId)
      throw new ApiError('InvalidParameterValue.InstanceNotExist', 'The instance does not exist.');
  }

  function runAction(action: string, p: Record<string, unknown>): Record<string, unknown> {
    switch (action) {
      case 'CreateSDKLoginToken': {
        checkApp(p);
        requireField(p, 'SeatUserId', 'string');
        if (!config.seats.some((s) => s.userId === p.SeatUserId))
          throw new ApiError('InvalidParameterValue.AccountNotExist', 'The seat account does not exist.');
        const token = randomBytes(24).toString('hex');
        const expires = Math.floor(Date.now() / 1000) + 600;
        // Tokens are always single-use: the reference says SdkURL is to be used once.
        tokens.set(token, {
          seatUserId: String(p.SeatUserId),
          expires,
          onlyOnce: p.OnlyOnce !== false,
          used: false,
        });
        const q = new URLSearchParams({
          sdkAppId: String(config.sdkAppId),
          userid: String(p.SeatUserId),
          token,
        });
        return { Token: token, ExpiredTime: expires, SdkURL: `${baseUrl}/sdk/tccc.js?${q}` };
      }
      case 'DescribeNumbers':
        checkApp(p);
        return {
          TotalCount: config.numbers.length,
          NumberList: config.numbers.map((n) => ({ Number: n, CallOutSkillGroupIds: [] })),
        };
      case 'DescribeStaffInfoList':
        checkApp(p);
        return {
          TotalCount: config.seats.length,
          StaffList: config.seats.map((s) => ({
            Name: s.name,
            Mail: s.userId,
            StaffNumber: '',
            Phone: '',
            Nick: s.name,
            UserId: s.userId,
            SkillGroupList: [],
            RoleId: s.role === 'supervisor' ? 2 : 1,
          })),
        };
      case 'DescribeTelCdr': {
        checkApp(p);
        requireField(p, 'StartTimeStamp', 'number');
        requireField(p, 'EndTimeStamp', 'number');
        const start = Number(p.StartTimeStamp);
        const end = Number(p.EndTimeStamp);
        if (end < start || end - start > 90 * 86400)
          throw new ApiError(
            'InvalidParameter',
            'The time range `StartTimeStamp`..`EndTimeStamp` is invalid.',
          );
        const limit = typeof p.Limit === 'number' ? p.Limit : 100;
        const offset = typeof p.Offset === 'number' ? p.Offset : 0;
        if (limit < 1 || limit > 100)
          throw new ApiError('InvalidParameter', 'The parameter `Limit` must be 1–100.');
        const phones = Array.isArray(p.Phones) ? p.Phones.map((x) => nationalNumber(String(x))) : undefined;
        const ids = Array.isArray(p.SessionIds) ? p.SessionIds.map(String) : undefined;
        const list = [...calls.values()]
          .filter((c) => c.endedAt !== undefined)
          .filter((c) => c.startedAt / 1000 >= start && c.startedAt / 1000 <= end)
          .filter((c) => !phones || phones.includes(c.callee) || phones.includes(c.caller))
          .filter((c) => !ids || ids.includes(c.sessionId));
        return { TotalCount: list.length, TelCdrs: list.slice(offset, offset + limit).map(cdrOf) };
      }
      case 'DescribeSessionDetail': {
        checkApp(p);
        requireField(p, 'SessionId', 'string');
        const c = calls.get(String(p.SessionId));
        if (!c) throw new ApiError('InvalidParameterValue', 'The session does not exist.');
        return {
          ...cdrOf(c),
          RecordURL: c.acceptedAt
            ? `${baseUrl}/_emulator/record/${c.sessionId}.mp3?expires=${Date.now() + 3600_000}`
            : '',
        };
      }
      default:
        throw new ApiError('InvalidAction', `The action \`${action}\` is not found.`);
    }
  }

  function cdrOf(c: EmulatorCall): Record<string, unknown> {
    const status = c.endStatus ?? 0;
    return {
      Caller: c.direction === 'outbound' ? c.caller : `0086${c.caller}`,
      Callee: c.direction === 'outbound' ? `0086${c.callee}` : c.callee,
      Time: Math.floor(c.startedAt / 1000),
      Direction: c.direction === 'outbound' ? 1 : 0,
      Duration: c.acceptedAt && c.endedAt ? Math.round((c.endedAt - c.acceptedAt) / 1000) : 0,
      RingTimestamp: Math.floor(c.startedAt / 1000),
      AcceptTimestamp: c.acceptedAt ? Math.floor(c.acceptedAt / 1000) : 0,
      EndedTimestamp: c.endedAt ? Math.floor(c.endedAt / 1000) : 0,
      EndStatus: status,
      EndStatusString: END_STATUS[status] ?? 'error',
      HungUpSide: c.hungUpSide ?? 'system',
      SessionId: c.sessionId,
      SeatUser: { UserId: c.seatUserId },
      UUI: c.uui ?? '',
      RecordURL: '',
    };
  }

  function send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, {
      'content-type': 'application/json',
      'access-control-allow-origin': '*',
      ...headers,
    });
    res.end(JSON.stringify(body));
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const requestId = randomUUID();
    const action = String(req.headers['x-tc-action'] ?? '');
    const envelope = (code: string, message: string): unknown => ({
      Response: { Error: { Code: code, Message: message }, RequestId: requestId },
    });
    const auth = verifyTc3({
      authorization: req.headers.authorization,
      timestamp: req.headers['x-tc-timestamp'] as string | undefined,
      host: req.headers.host,
      contentType: req.headers['content-type'],
      body,
      nowSeconds: Math.floor(Date.now() / 1000),
      secretFor: (id) => (id === config.secretId ? config.secretKey : undefined),
    });
    requests[action] = (requests[action] ?? 0) + 1;
    if (!auth.ok) return send(res, 200, envelope(auth.code, auth.message));
    if (req.headers['x-tc-version'] !== '2020-02-10')
      return send(res, 200, envelope('InvalidParameter', 'The parameter `X-TC-Version` must be 2020-02-10.'));
    if (!checkRate(action))
      return send(res, 200, envelope('RequestLimitExceeded', 'Requests exceed the frequency limit.'));
    const fi = apiFaults.findIndex((f) => f.action === action && f.count > 0);
    const fault = fi >= 0 ? apiFaults[fi] : undefined;
    if (fault) {
      fault.count--;
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.malformed) {
        res.writeHead(fault.httpStatus ?? 200, { 'content-type': 'application/json' });
        res.end('{"Response": {"RequestId": ');
        return;
      }
      if (fault.error)
        return send(res, fault.httpStatus ?? 200, envelope(fault.error.code, fault.error.message));
    }
    let params: Record<string, unknown>;
    try {
      params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return send(res, 200, envelope('InvalidParameter', 'The request body is not valid JSON.'));
    }
    try {
      const result = runAction(action, params);
      log(`api ${action} ok`);
      send(res, 200, { Response: { ...result, RequestId: requestId } });
    } catch (e) {
      if (e instanceof ApiError) return send(res, 200, envelope(e.code, e.message));
      throw e;
    }
  }

  async function handleSdk(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const p = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    const token = String(p.token ?? '');
    if (path === 'init') {
      const t = tokens.get(token);
      const f = sdkFaults.find((x) => x.mode === 'token-expired' && x.count > 0);
      if (f) f.count--;
      if (f || !t || t.used || t.expires * 1000 < Date.now())
        return send(res, 200, { ok: false, error: 'token expired' });
      if (t.onlyOnce) t.used = true;
      if (loginDelayMs) await new Promise((r) => setTimeout(r, loginDelayMs));
      sessions.set(token, { seatUserId: t.seatUserId, queue: [] });
      return send(res, 200, { ok: true });
    }
    const s = sessions.get(token);
    if (!s) return send(res, 200, { error: 'not logged in' });
    const callOf = (): EmulatorCall | undefined => {
      const id = typeof p.sessionId === 'string' ? p.sessionId : undefined;
      const list = [...calls.values()].filter((c) => c.seatUserId === s.seatUserId && !c.endedAt);
      return id ? list.find((c) => c.sessionId === id) : list[list.length - 1];
    };
    switch (path) {
      case 'poll':
        return send(res, 200, { events: s.queue.splice(0) });
      case 'call': {
        if (typeof p.phoneNumber !== 'string' || !/^\+?\d{3,20}$/.test(p.phoneNumber))
          return send(res, 200, { error: 'invalid phoneNumber' });
        const c = startOutbound(s.seatUserId, p);
        return send(res, 200, { sessionId: c.sessionId });
      }
      case 'hangup': {
        const c = callOf();
        if (!c) return send(res, 200, { error: 'no active call' });
        endCall(c, 'seat', c.acceptedAt ? 1 : 0);
        return send(res, 200, {});
      }
      case 'accept': {
        const c = callOf();
        if (c?.direction !== 'inbound') return send(res, 200, { error: 'no ringing inbound call' });
        c.acceptedAt = Date.now();
        pushEvent(c, 'userAccessed', { sessionId: c.sessionId });
        return send(res, 200, {});
      }
      case 'op': {
        const c = callOf();
        if (!c?.acceptedAt) return send(res, 200, { error: 'no connected call' });
        c.events.push({ name: String(p.op), payload: { ...p, token: undefined }, at: Date.now() });
        if (p.op === 'transfer') {
          pushEvent(c, 'transfer', { sessionId: c.sessionId });
          endCall(c, 'seat', 1);
        }
        return send(res, 200, {});
      }
      default:
        return send(res, 404, { error: 'not found' });
    }
  }

  async function handleControl(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.method === 'POST' ? await readBody(req) : '';
    const p = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    if (path === 'faults/api' && req.method === 'POST') {
      faults.api(p as unknown as ApiFault);
      return send(res, 200, { ok: true });
    }
    if (path === 'faults/sdk' && req.method === 'POST') {
      faults.sdk(p as { mode: SdkFaultMode; count: number });
      return send(res, 200, { ok: true });
    }
    if (path === 'reset' && req.method === 'POST') {
      emulator.reset();
      return send(res, 200, { ok: true });
    }
    if (path === 'stats') return send(res, 200, emulator.stats());
    if (path === 'calls') return send(res, 200, { calls: emulator.calls() });
    if (path === 'inbound' && req.method === 'POST') {
      return send(res, 200, { sessionId: emulator.inbound(String(p.seatUserId), String(p.caller)) });
    }
    send(res, 404, { error: 'not found' });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const done = (e: unknown): void => {
      log(`error ${String(e)}`);
      if (!res.headersSent) send(res, 500, { error: String(e) });
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': 'content-type',
        'access-control-allow-methods': 'GET, POST',
      });
      res.end();
      return;
    }
    if (url.pathname === '/' && req.method === 'POST') {
      handleApi(req, res).catch(done);
      return;
    }
    if (url.pathname === '/sdk/tccc.js' && req.method === 'GET') {
      const f = sdkFaults.find((x) => x.mode !== 'token-expired' && x.count > 0);
      if (f) {
        f.count--;
        if (f.mode === 'not-found') return send(res, 404, { error: 'not found' });
        if (f.mode === 'stall') return; // never answers, as a hung CDN would
        res.writeHead(200, { 'content-type': 'application/javascript', 'access-control-allow-origin': '*' });
        res.end('/* tccc failed to initialise */');
        return;
      }
      bundleSdk()
        .then((js) => {
          res.writeHead(200, {
            'content-type': 'application/javascript',
            'access-control-allow-origin': '*',
            'cache-control': 'no-store',
          });
          res.end(js);
        })
        .catch(done);
      return;
    }
    if (url.pathname.startsWith('/sdk/') && req.method === 'POST') {
      handleSdk(url.pathname.slice(5), req, res).catch(done);
      return;
    }
    if (url.pathname.startsWith('/_emulator/')) {
      handleControl(url.pathname.slice(11), req, res).catch(done);
      return;
    }
    send(res, 404, { error: 'not found' });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host ?? '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const apiEndpoint = `ccc.localhost:${actualPort}`;
  const baseUrl = `http://${apiEndpoint}`;
  void bundleSdk().catch((e: unknown) => log(`sdk bundle failed: ${String(e)}`));

  const emulator: Emulator = {
    port: actualPort,
    baseUrl,
    apiEndpoint,
    config,
    faults,
    stats: () => ({ requests: { ...requests }, rateLimited, maxPerSecond }),
    calls: () => [...calls.values()].map((c) => ({ ...c, events: [...c.events] })),
    inbound(seatUserId, caller) {
      const call: EmulatorCall = {
        sessionId: randomUUID(),
        seatUserId,
        direction: 'inbound',
        callee: config.numbers[0] ?? '',
        caller: nationalNumber(caller),
        startedAt: Date.now(),
        events: [],
      };
      calls.set(call.sessionId, call);
      pushEvent(call, 'callIn', {
        sessionId: call.sessionId,
        callerPhoneNumber: call.caller,
        calleePhoneNumber: call.callee,
      });
      return call.sessionId;
    },
    reset() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      faults.clear();
      requests = {};
      rateLimited = 0;
      maxPerSecond = 0;
      windows = new Map();
      allTimes = [];
      tokens = new Map();
      sessions = new Map();
      calls = new Map();
    },
    close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return emulator;
}
