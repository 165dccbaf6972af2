// What the browser SDK talks to (POST /sdk/<verb>): login with the SdkURL token, a long-poll for events,
// and the call and agent operations. Refusals come back as `{ error }`, which the SDK turns into
// `{ status: 'error', errorMsg }`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type AgentStatus, CallRefused, type CallStore } from './calls.js';
import type { EmulatorConfig } from './config.js';
import type { Faults } from './faults.js';
import { parseJsonObject, readBody, sendJson } from './http.js';
import type { NumberMapping } from './number-mapping.js';
import type { SdkSessions } from './sdk-sessions.js';
import type { TokenStore } from './tokens.js';

export interface SdkBackendDeps {
  config: EmulatorConfig;
  calls: CallStore;
  sessions: SdkSessions;
  tokens: TokenStore;
  faults: Faults;
  mapping: NumberMapping;
  loginDelayMs: number;
  pollWaitMs: number;
}

const PHONE_NUMBER = /^\+?[\d\s-]{3,24}$/;
/** What a mapping endpoint may issue as a user ID: any printable text without spaces. */
const USER_ID = /^[^\s\p{C}]{1,128}$/u;
const session = z.string().min(1);
const sessionId = z.string().min(1).optional();
/** The SDK documents skill group ids as strings; numbers are accepted too. */
const skillGroupId = z.union([
  z.int().positive(),
  z.string().regex(/^\d+$/, 'skillGroupId must be a skill group id').transform(Number),
]);
const requests = {
  login: z.object({ token: z.string() }),
  poll: z.object({ session }),
  call: z.object({
    session,
    // A phone number, or with number protection on a user ID: checked in the handler, which knows which.
    phoneNumber: z.string().min(1).max(128),
    phoneDesc: z.string().max(200).optional(),
    uui: z.string().max(1024).optional(),
    callerPhoneNumber: z.string().optional(),
    skillGroupId: skillGroupId.optional(),
    servingNumberGroupIds: z.array(z.string()).optional(),
    phoneEncodeType: z.string().optional(),
  }),
  hangup: z.object({ session, sessionId }),
  end: z.object({ session, sessionId }),
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
    skillGroupId: skillGroupId.optional(),
  }),
  skillGroups: z.object({ session }),
  status: z.object({
    session,
    status: z.enum(['free', 'rest', 'arrange', 'notReady', 'stopNotReady', 'offline']),
    restReason: z.string().optional(),
  }),
} as const;
type Requests = typeof requests;
type Verb = keyof Requests;
type Reply = Record<string, unknown>;
/** One handler per verb, typed by its schema; `seat` is the logged-in seat (absent only for login). */
type Handlers = {
  [V in Exclude<Verb, 'login'>]: (
    p: z.infer<Requests[V]>,
    seat: string,
    res: ServerResponse,
  ) => Promise<Reply | null> | Reply;
};

function handlers(deps: SdkBackendDeps): Handlers {
  const { calls } = deps;
  return {
    async poll(p, _seat, res) {
      const closed = new AbortController();
      res.once('close', () => closed.abort());
      const events = await deps.sessions.poll(p.session, deps.pollWaitMs, closed.signal);
      // The page went away mid-poll: there is nobody to answer.
      return closed.signal.aborted ? null : { events: events ?? [] };
    },
    async call(p, seat) {
      // With protection on, the agent dials a user ID; `phoneEncodeType: 'number'` forces a real number.
      const masked = deps.mapping.enabled && p.phoneEncodeType !== 'number';
      let phoneNumber = p.phoneNumber;
      if (masked) {
        if (!USER_ID.test(p.phoneNumber))
          throw new CallRefused('phoneNumber: must be a user ID while number protection is on');
        calls.checkCanDial(seat);
        const mapped = await deps.mapping.toPhone(p.phoneNumber);
        if (!mapped.ok) throw new CallRefused(`${mapped.errorMsg} No call was placed.`);
        phoneNumber = mapped.value;
      } else if (!PHONE_NUMBER.test(p.phoneNumber)) {
        throw new CallRefused('phoneNumber: phoneNumber must be a phone number');
      }
      const call = calls.startOutbound(seat, {
        phoneNumber,
        protectedCallee: masked ? p.phoneNumber : undefined,
        phoneDesc: p.phoneDesc,
        uui: p.uui,
        callerPhoneNumber: p.callerPhoneNumber,
        skillGroupId: p.skillGroupId,
      });
      return {
        sessionId: call.sessionId,
        calleePhoneNumber: call.protectedCallee !== undefined ? '' : call.callee,
        callerPhoneNumber: call.caller,
        serverType: 'staffSeat',
        ...(call.protectedCallee !== undefined ? { protectedCallee: call.protectedCallee } : {}),
        ...(call.phoneDesc !== undefined ? { remark: call.phoneDesc } : {}),
      };
    },
    hangup(p, seat) {
      calls.hangUp(seat, p.sessionId);
      return {};
    },
    end(p, seat) {
      calls.decline(seat, p.sessionId);
      return {};
    },
    accept(p, seat) {
      calls.accept(seat, p.sessionId);
      return { sessionId: p.sessionId };
    },
    complete(p, seat) {
      calls.complete(seat, p.sessionId);
      return {};
    },
    operate(p, seat) {
      calls.operate(seat, p.sessionId, p.op);
      return {};
    },
    digits(p, seat) {
      calls.operate(seat, p.sessionId, 'sendDigits', { dtmfText: p.dtmfText });
      return {};
    },
    transfer(p, seat) {
      calls.transfer(seat, p.sessionId, { userId: p.userId, skillGroupId: p.skillGroupId });
      return {};
    },
    skillGroups() {
      return {
        skillGroups: deps.config.skillGroups.map((g) => ({
          skillGroupName: g.name,
          skillGroupId: String(g.skillGroupId),
        })),
      };
    },
    status(p, seat) {
      const status: AgentStatus = p.status === 'stopNotReady' ? 'free' : p.status;
      calls.setStatus(seat, status, p.restReason);
      return { status };
    },
  };
}

async function login(token: string, deps: SdkBackendDeps): Promise<Reply> {
  const forced = deps.faults.takeLoginFault();
  const check = forced ? { ok: false as const, reason: 'token has expired' } : deps.tokens.redeem(token);
  if (!check.ok) return { error: check.reason, tokenExpired: true };
  if (deps.loginDelayMs) await new Promise((r) => setTimeout(r, deps.loginDelayMs));
  const session = deps.calls.login(check.seatUserId);
  return { session, seatUserId: check.seatUserId, status: deps.calls.status(check.seatUserId) };
}

/** The `/sdk/<verb>` handler for one emulator. */
export function createSdkBackend(deps: SdkBackendDeps) {
  const table = handlers(deps);
  return (verb: string, req: IncomingMessage, res: ServerResponse) =>
    handleSdkBackend(verb, req, res, deps, table);
}

async function handleSdkBackend(
  verb: string,
  req: IncomingMessage,
  res: ServerResponse,
  deps: SdkBackendDeps,
  table: Handlers,
): Promise<void> {
  if (!Object.hasOwn(requests, verb)) return sendJson(res, 404, { error: `unknown SDK operation ${verb}` });
  const parsed = requests[verb as Verb].safeParse(parseJsonObject(await readBody(req)) ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return sendJson(res, 200, {
      error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
    });
  }
  if (verb === 'login')
    return sendJson(res, 200, await login((parsed.data as { token: string }).token, deps));

  const p = parsed.data as { session: string };
  const seat = deps.sessions.seatOf(p.session);
  if (!seat) return sendJson(res, 200, { error: 'not logged in' });
  const handle = table[verb as keyof Handlers] as (
    p: unknown,
    seat: string,
    res: ServerResponse,
  ) => Promise<Reply | null> | Reply;
  try {
    const reply = await handle(p, seat, res);
    if (reply) sendJson(res, 200, reply);
  } catch (e) {
    if (e instanceof CallRefused) return sendJson(res, 200, { error: e.message });
    throw e;
  }
}
