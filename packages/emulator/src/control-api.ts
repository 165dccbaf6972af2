// The control API under /_emulator/: the same controls the JS handle offers, over HTTP, so tests of a
// server running in a child process (or another language) can drive faults and read what happened.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendObject } from './byte-range.js';
import { calleeTable } from './callees.js';
import type { CdrStore } from './cdr.js';
import type { Emulator } from './emulator.js';
import { EmulatorError } from './errors.js';
import { apiFaultSchema, pushFaultSchema, sdkFaultSchema } from './faults.js';
import { parseJsonObject, readBody, sendJson, sendText } from './http.js';
import type { Recordings } from './recordings.js';
import { SDK_EVENT_NAMES } from './sdk/events.js';
import { recordingOf } from './speech/recording-of.js';

const inboundSchema = z.strictObject({
  caller: z.string().regex(/^\+?\d{3,20}$/),
  seatUserId: z.string().min(1).optional(),
  skillGroupId: z.int().positive().optional(),
  line: z
    .string()
    .regex(/^\+?\d{3,20}$/)
    .optional(),
});
const seedSchema = z.strictObject({
  count: z.int().min(1).max(100_000),
  startTimestamp: z.int().nonnegative().optional(),
  endTimestamp: z.int().nonnegative().optional(),
  seatUserId: z.string().min(1).optional(),
  push: z.boolean().optional(),
});
const sdkEventSchema = z.strictObject({
  seatUserId: z.string().min(1),
  name: z.enum(SDK_EVENT_NAMES),
  payload: z.record(z.string(), z.unknown()).optional(),
});
const pushTargetSchema = z.strictObject({
  url: z.url().nullable(),
  basicAuth: z
    .string()
    .regex(/^[^:]+:.*$/, 'basicAuth must be user:password')
    .optional(),
});

const numberMappingBodySchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).nullable(),
  basicAuth: z
    .string()
    .regex(/^[^:]+:.*$/, 'basicAuth must be user:password')
    .optional(),
});

type Route = (body: Record<string, unknown>, match: RegExpExecArray) => unknown;

export function controlRoutes(emulator: Emulator): Array<[method: string, path: RegExp, route: Route]> {
  return [
    ['GET', /^stats$/, () => emulator.stats()],
    ['GET', /^calls$/, () => ({ calls: emulator.calls() })],
    ['POST', /^calls\/([^/]+)\/hangup$/, (_b, m) => ({ ended: emulator.hangUpAsCustomer(m[1] ?? '') })],
    [
      'POST',
      /^inbound$/,
      (b) => {
        return { sessionId: emulator.inbound(inboundSchema.parse(b)) };
      },
    ],
    [
      'POST',
      /^sdk-events$/,
      (b) => {
        const p = sdkEventSchema.parse(b);
        return { delivered: emulator.fireSdkEvent(p.seatUserId, p.name, p.payload ?? {}) };
      },
    ],
    ['POST', /^faults\/api$/, (b) => emulator.faults.api(apiFaultSchema.parse(b))],
    ['POST', /^faults\/sdk$/, (b) => emulator.faults.sdk(sdkFaultSchema.parse(b))],
    ['POST', /^faults\/push$/, (b) => emulator.faults.push(pushFaultSchema.parse(b))],
    ['DELETE', /^faults$/, () => emulator.faults.clear()],
    ['POST', /^faults\/clear$/, () => emulator.faults.clear()],
    ['POST', /^reset$/, () => emulator.reset()],
    [
      'POST',
      /^cdrs\/seed$/,
      (b) => {
        return { sessionIds: emulator.seedCdrs(seedSchema.parse(b)) };
      },
    ],
    ['GET', /^push$/, () => ({ target: emulator.push.target() })],
    [
      'PUT',
      /^push$/,
      (b) => {
        const p = pushTargetSchema.parse(b);
        emulator.push.configure(p.url === null ? null : { url: p.url, basicAuth: p.basicAuth });
        return { target: emulator.push.target() };
      },
    ],
    ['GET', /^pushes$/, () => ({ attempts: emulator.push.attempts() })],
    ['GET', /^number-mapping$/, () => ({ numberMapping: emulator.numberMapping.target() })],
    [
      'PUT',
      /^number-mapping$/,
      (b) => {
        const p = numberMappingBodySchema.parse(b);
        emulator.numberMapping.configure(p.url === null ? null : { url: p.url, basicAuth: p.basicAuth });
        return { numberMapping: emulator.numberMapping.target() };
      },
    ],
    [
      'GET',
      /^config$/,
      () => ({
        sdkAppId: emulator.config.sdkAppId,
        apiEndpoint: emulator.apiEndpoint,
        seats: emulator.config.seats,
        numbers: emulator.config.numbers,
        skillGroups: emulator.config.skillGroups,
        callees: calleeTable,
      }),
    ],
  ];
}

/** Built once per emulator: the table is static, only the handle differs. */
const routeTables = new WeakMap<Emulator, ReturnType<typeof controlRoutes>>();

export async function handleControl(
  path: string,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
  emulator: Emulator,
  storage: { recordings: Recordings; cdrs: CdrStore },
): Promise<void> {
  const record = /^records\/([A-Za-z0-9]+)\.wav$/.exec(path);
  if (record && req.method === 'GET') {
    const id = record[1] ?? '';
    const verdict = storage.recordings.check(id, query.get('expires'), query.get('sign'));
    if (verdict !== 'ok')
      return sendText(
        res,
        403,
        'application/xml',
        `<Error><Code>AccessDenied</Code><Message>${verdict === 'expired' ? 'Request has expired' : 'Signature mismatch'}</Message></Error>`,
      );
    const audio = recordingOf(storage.cdrs, id);
    // A signed link to a call the emulator has forgotten (after reset): gone, as deleted storage is.
    if (!audio)
      return sendText(
        res,
        404,
        'application/xml',
        '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
      );
    return sendObject(req, res, 'audio/wav', audio);
  }
  let routes = routeTables.get(emulator);
  if (!routes) {
    routes = controlRoutes(emulator);
    routeTables.set(emulator, routes);
  }
  for (const [method, pattern, route] of routes) {
    const match = pattern.exec(path);
    if (!match || method !== req.method) continue;
    const body = method === 'GET' ? {} : parseJsonObject(await readBody(req));
    if (!body)
      return sendJson(res, 400, {
        error: { code: 'INVALID_BODY', message: 'the body must be a JSON object' },
      });
    try {
      const out = route(body, match);
      return sendJson(res, 200, out ?? { ok: true });
    } catch (e) {
      if (e instanceof EmulatorError)
        return sendJson(res, 400, { error: { code: e.code, message: e.message } });
      if (e instanceof z.ZodError) {
        const issue = e.issues[0];
        return sendJson(res, 400, {
          error: {
            code: 'INVALID_BODY',
            message: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
          },
        });
      }
      throw e;
    }
  }
  sendJson(res, 404, {
    error: { code: 'NOT_FOUND', message: `no control route ${req.method} /_emulator/${path}` },
  });
}
