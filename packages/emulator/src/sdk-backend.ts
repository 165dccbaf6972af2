// What the browser SDK talks to (POST /sdk/<verb>): login with the SdkURL token, a long-poll for events,
// and the call and agent operations. Refusals come back as `{ error }`, which the SDK turns into
// `{ status: 'error', errorMsg }`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type AgentStatus, CallRefused, type CallStore } from './calls.js';
import type { Faults } from './faults.js';
import { parseJsonObject, readBody, sendJson } from './http.js';
import type { TokenStore } from './tokens.js';

export interface SdkBackendDeps {
  calls: CallStore;
  tokens: TokenStore;
  faults: Faults;
  loginDelayMs: number;
  pollWaitMs: number;
}

const session = z.string().min(1);
const sessionId = z.string().min(1).optional();
const requests = {
  login: z.object({ token: z.string() }),
  poll: z.object({ session }),
  call: z.object({
    session,
    phoneNumber: z.string().regex(/^\+?[\d\s-]{3,24}$/, 'phoneNumber must be a phone number'),
    phoneDesc: z.string().max(200).optional(),
    uui: z.string().max(1024).optional(),
    callerPhoneNumber: z.string().optional(),
    skillGroupId: z.union([z.string(), z.number()]).optional(),
    servingNumberGroupIds: z.array(z.string()).optional(),
    phoneEncodeType: z.string().optional(),
  }),
  hangup: z.object({ session, sessionId }),
  accept: z.object({ session, sessionId: z.string().min(1) }),
  complete: z.object({ session, sessionId: z.string().min(1) }),
  operate: z.object({
    session,
    sessionId,
    op: z.enum(['muteMic', 'unmuteMic', 'hold', 'unHold']),
  }),
  digits: z.object({
    session,
    sessionId,
    dtmfText: z.string().regex(/^[0-9*#]{1,32}$/, 'dtmfText must be 1–32 of 0-9, * and #'),
  }),
  transfer: z.object({
    session,
    sessionId,
    userId: z.string().optional(),
    skillGroupId: z.union([z.string(), z.number()]).optional(),
  }),
  status: z.object({
    session,
    status: z.enum(['free', 'rest', 'arrange', 'notReady', 'stopNotReady', 'offline']),
    restReason: z.string().optional(),
  }),
} as const;
type Verb = keyof typeof requests;

export async function handleSdkBackend(
  verb: string,
  req: IncomingMessage,
  res: ServerResponse,
  deps: SdkBackendDeps,
): Promise<void> {
  const schema = requests[verb as Verb];
  if (!schema) return sendJson(res, 404, { error: `unknown SDK operation ${verb}` });
  const raw = parseJsonObject(await readBody(req));
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return sendJson(res, 200, {
      error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
    });
  }
  const p = parsed.data as Record<string, unknown>;
  const { calls } = deps;

  if (verb === 'login') {
    const forced = deps.faults.takeLoginFault();
    const check = forced
      ? { ok: false as const, reason: 'token has expired' }
      : deps.tokens.redeem(String(p.token));
    if (!check.ok) return sendJson(res, 200, { error: check.reason, tokenExpired: true });
    if (deps.loginDelayMs) await new Promise((r) => setTimeout(r, deps.loginDelayMs));
    const id = calls.login(check.seatUserId);
    return sendJson(res, 200, {
      session: id,
      seatUserId: check.seatUserId,
      status: calls.status(check.seatUserId),
    });
  }

  const seat = calls.seatOf(String(p.session));
  if (!seat) return sendJson(res, 200, { error: 'not logged in' });
  const sid = typeof p.sessionId === 'string' ? p.sessionId : undefined;
  try {
    switch (verb as Exclude<Verb, 'login'>) {
      case 'poll': {
        const closed = new AbortController();
        res.once('close', () => closed.abort());
        const events = await calls.poll(String(p.session), deps.pollWaitMs, closed.signal);
        if (closed.signal.aborted) return;
        return sendJson(res, 200, { events: events ?? [] });
      }
      case 'call': {
        const call = calls.startOutbound(seat, {
          phoneNumber: String(p.phoneNumber),
          phoneDesc: p.phoneDesc as string | undefined,
          uui: p.uui as string | undefined,
          callerPhoneNumber: p.callerPhoneNumber as string | undefined,
        });
        return sendJson(res, 200, {
          sessionId: call.sessionId,
          calleePhoneNumber: call.callee,
          callerPhoneNumber: call.caller,
          serverType: 'staffSeat',
          ...(call.phoneDesc !== undefined ? { remark: call.phoneDesc } : {}),
        });
      }
      case 'hangup':
        calls.hangUp(seat, sid);
        return sendJson(res, 200, {});
      case 'accept':
        calls.accept(seat, String(p.sessionId));
        return sendJson(res, 200, { sessionId: p.sessionId });
      case 'complete':
        calls.complete(seat, String(p.sessionId));
        return sendJson(res, 200, {});
      case 'operate':
        calls.operate(seat, sid, p.op as 'muteMic' | 'unmuteMic' | 'hold' | 'unHold');
        return sendJson(res, 200, {});
      case 'digits':
        calls.operate(seat, sid, 'sendDigits', { dtmfText: p.dtmfText });
        return sendJson(res, 200, {});
      case 'transfer':
        calls.transfer(seat, sid, {
          userId: p.userId as string | undefined,
          skillGroupId: p.skillGroupId === undefined ? undefined : String(p.skillGroupId),
        });
        return sendJson(res, 200, {});
      case 'status': {
        const status: AgentStatus = p.status === 'stopNotReady' ? 'free' : (p.status as AgentStatus);
        calls.setStatus(seat, status);
        return sendJson(res, 200, { status });
      }
    }
  } catch (e) {
    if (e instanceof CallRefused) return sendJson(res, 200, { error: e.message });
    throw e;
  }
}
