// The `ccc` cloud API endpoint (POST /): signature, version, faults, rate limit, parameters, action.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ActionContext, actions } from '../actions/index.js';
import type { Faults } from '../faults.js';
import { BodyTooLargeError, parseJsonObject, readBody, sendJson, sendText } from '../http.js';
import type { RateLimiter } from '../rate-limit.js';
import type { RequestStats } from '../stats.js';
import { ApiError, errorEnvelope, newRequestId, successEnvelope } from './envelope.js';
import { parseParams } from './params.js';
import { verifyTc3 } from './tc3.js';

export const API_VERSION = '2020-02-10';

export interface CloudApiDeps {
  ctx: ActionContext;
  faults: Faults;
  limiter: RateLimiter;
  stats: RequestStats;
  log: (line: string) => void;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Answers every request in Tencent's envelope, whatever goes wrong inside. */
export async function handleCloudApi(
  req: IncomingMessage,
  res: ServerResponse,
  deps: CloudApiDeps,
): Promise<void> {
  const requestId = newRequestId();
  try {
    await answer(req, res, deps, requestId);
  } catch (e) {
    if (res.headersSent) return;
    if (e instanceof BodyTooLargeError)
      return sendJson(
        res,
        200,
        errorEnvelope(requestId, 'RequestSizeLimitExceeded', 'The request body is too large.'),
      );
    deps.log(`api InternalError ${e instanceof Error ? e.message : String(e)}`);
    sendJson(res, 200, errorEnvelope(requestId, 'InternalError', 'An internal error occurred.'));
  }
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  deps: CloudApiDeps,
  requestId: string,
): Promise<void> {
  const fail = (code: string, message: string, status = 200): void =>
    sendJson(res, status, errorEnvelope(requestId, code, message));
  const body = await readBody(req);
  const action = header(req, 'x-tc-action') ?? '';
  if (!action) return fail('MissingParameter', 'The request is missing a required parameter `Action`.');
  deps.stats.record(action);

  const auth = verifyTc3({
    authorization: header(req, 'authorization'),
    timestamp: header(req, 'x-tc-timestamp'),
    host: header(req, 'host'),
    contentType: header(req, 'content-type'),
    body,
    nowSeconds: Math.floor(deps.ctx.now() / 1000),
    secretFor: (id) => (id === deps.ctx.config.secretId ? deps.ctx.config.secretKey : undefined),
  });
  if (!auth.ok) return fail(auth.code, auth.message);
  const version = header(req, 'x-tc-version');
  if (!version) return fail('MissingParameter', 'The request is missing a required parameter `Version`.');
  if (version !== API_VERSION) return fail('NoSuchVersion', `The API version \`${version}\` does not exist.`);
  const definition = actions.get(action);
  if (!definition) return fail('InvalidAction', `The action \`${action}\` is not found.`);

  const fault = deps.faults.takeApi(action);
  if (fault) {
    // Unref'd: a delayed request must not keep a closed emulator's process alive.
    if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs).unref());
    if (fault.malformed) {
      res.writeHead(fault.httpStatus ?? 200, { 'content-type': 'application/json' });
      res.end('{"Response": {"RequestId": ');
      return;
    }
    if (fault.error) return fail(fault.error.code, fault.error.message, fault.httpStatus ?? 200);
    // A bare status is what a gateway in front of the API answers: not Tencent's envelope.
    if (fault.httpStatus)
      return sendText(res, fault.httpStatus, 'text/html', '<html><body>Bad Gateway</body></html>');
  }

  if (!deps.limiter.allow(auth.secretId, action)) {
    deps.stats.rateLimited(action);
    return fail('RequestLimitExceeded', `Requests of \`${action}\` exceed the frequency limit.`);
  }

  const params = parseJsonObject(body);
  if (!params) return fail('InvalidParameter', 'The request body is not a JSON object.');
  try {
    const result = definition.run(parseParams(definition.params, params), deps.ctx);
    deps.log(`api ${action} ok`);
    sendJson(res, 200, successEnvelope(requestId, result));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    deps.log(`api ${action} ${e.code}`);
    fail(e.code, e.message);
  }
}
