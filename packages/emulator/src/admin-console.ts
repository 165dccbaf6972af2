// The emulator's stand-in for TCCC's management console (管理端), reached through CreateAdminURL: a single-use,
// short-lived link signs a supervisor in (a cookie), and the page lists the live calls with "listen" (实时通话监听).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallStore, EmulatorCall } from './calls.js';
import type { EmulatorConfig } from './config.js';
import { TokenStore } from './tokens.js';

/** The console link lives 5 minutes and works once (TCCC does not document its lifetime). */
export const ADMIN_URL_LIFETIME_SECONDS = 300;
/** A console sign-in lasts a working day. */
const SESSION_MS = 8 * 3_600_000;
const COOKIE = 'tccc_admin';

const PHASES: Record<EmulatorCall['phase'], string> = {
  dialing: '呼叫中 Dialling',
  queued: '排队中 Queued',
  ringing: '振铃中 Ringing',
  connected: '通话中 Connected',
  ended: '已结束 Ended',
};

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export class AdminConsole {
  private readonly tokens: TokenStore;
  private sessions = new Map<string, { userId: string; until: number }>();

  constructor(
    private readonly deps: {
      config: EmulatorConfig;
      calls: CallStore;
      now: () => number;
      baseUrl: () => string;
    },
  ) {
    this.tokens = new TokenStore(deps.now, ADMIN_URL_LIFETIME_SECONDS);
  }

  /** CreateAdminURL's `URL`, shaped like TCCC's (`/saas-manage/…#/<app>/home`); the token is in the query. */
  mint(seatUserId: string): string {
    const { token } = this.tokens.mint(seatUserId, true);
    return `${this.deps.baseUrl()}/saas-manage/?token=${token}#/${this.deps.config.sdkAppId}/home`;
  }

  handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): void {
    const token = query.get('token');
    const session = this.session(req);
    const listen = /^calls\/([^/]+)\/monitor$/.exec(path);
    if (req.method === 'GET' && path === '' && token !== null) this.signIn(res, token);
    else if (!session) this.refuse(res, 'no-session');
    else if (req.method === 'GET' && path === '') this.page(res, session.userId);
    // The cookie is SameSite=Lax (it must follow the link's own redirect); a cross-site form is refused.
    else if (req.method === 'POST' && listen && !sameOrigin(req)) this.refuse(res, 'cross-site');
    else if (req.method === 'POST' && listen) {
      this.deps.calls.monitor(decodeURIComponent(listen[1] ?? ''), session.userId);
      res.writeHead(303, { location: '/saas-manage/', 'cache-control': 'no-store' });
      res.end();
    } else send(res, 404, page('未找到 Not found', '<p>No such page in the management console.</p>'));
  }

  reset(): void {
    this.tokens.reset();
    this.sessions.clear();
  }

  private signIn(res: ServerResponse, token: string): void {
    const check = this.tokens.redeem(token);
    if (!check.ok) {
      this.refuse(res, check.reason);
      return;
    }
    const sid = randomBytes(24).toString('hex');
    this.sessions.set(sid, { userId: check.seatUserId, until: this.deps.now() + SESSION_MS });
    // Drop the token from the address bar: a reload must not try to use it a second time. Lax, not
    // Strict: the link is opened from another site (the workbench), and a Strict cookie set on that
    // navigation would not come back on its own redirect, leaving the supervisor signed out.
    res.writeHead(303, {
      location: `/saas-manage/#/${this.deps.config.sdkAppId}/home`,
      'set-cookie': `${COOKIE}=${sid}; HttpOnly; SameSite=Lax; Path=/saas-manage`,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end();
  }

  private session(req: IncomingMessage): { userId: string } | undefined {
    const sid = /(?:^|;\s*)tccc_admin=([0-9a-f]{48})/.exec(req.headers.cookie ?? '')?.[1];
    const s = sid ? this.sessions.get(sid) : undefined;
    if (!s || s.until <= this.deps.now()) return undefined;
    return s;
  }

  private refuse(res: ServerResponse, reason: string): void {
    const why: Record<string, string> = {
      'token has already been used':
        '该链接已使用过。 This link has already been used: each CreateAdminURL link opens the console once.',
      'token has expired': `该链接已过期。 This link has expired: it works for ${ADMIN_URL_LIFETIME_SECONDS / 60} minutes after CreateAdminURL.`,
      'token is unknown': '该链接无效。 This link is not one the emulator issued.',
      'no-session': '请通过管理端链接登录。 Sign in through a link from CreateAdminURL.',
      'cross-site': '请求来自其他站点，已拒绝。 The request came from another site and was refused.',
    };
    send(
      res,
      403,
      page(
        '链接已失效 · Link not valid',
        `<p role="alert">${escapeHtml(why[reason] ?? reason)}</p><p>Ask the app for a new link (CreateAdminURL).</p>`,
      ),
    );
  }

  private page(res: ServerResponse, userId: string): void {
    const live = this.deps.calls.list().filter((c) => c.endedAt === undefined);
    const rows = live.map((c) => {
      const listening = c.operations.some((o) => o.name === 'monitor' && o.detail?.userId === userId);
      // The management console shows real numbers, even when the agents see only IDs (reference §8.1).
      const customer = c.direction === 'outbound' ? c.callee : c.caller;
      const id = c.direction === 'outbound' ? c.protectedCallee : c.protectedCaller;
      const action = listening
        ? '<span data-role="listening">监听中 Listening</span>'
        : `<form method="post" action="/saas-manage/calls/${encodeURIComponent(c.sessionId)}/monitor"><button type="submit">监听 Listen</button></form>`;
      return `<tr data-session-id="${escapeHtml(c.sessionId)}"><td>${escapeHtml(c.sessionId)}</td><td>${c.direction === 'outbound' ? '呼出 Outbound' : '呼入 Inbound'}</td><td>${escapeHtml(c.seatUserId || '—')}</td><td>${escapeHtml(customer)}${id ? ` (${escapeHtml(id)})` : ''}</td><td>${PHASES[c.phase]}</td><td>${action}</td></tr>`;
    });
    const table = rows.length
      ? `<table><thead><tr><th>SessionId</th><th>方向 Direction</th><th>座席 Seat</th><th>客户 Customer</th><th>状态 State</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`
      : '<p data-role="no-calls">当前没有通话。 No live calls.</p>';
    send(
      res,
      200,
      page(
        '实时监控 · Live calls',
        `<p>管理员 Administrator: <strong data-role="admin">${escapeHtml(userId)}</strong> · SdkAppId ${this.deps.config.sdkAppId}</p>${table}<p><small>Emulated: listening marks the call as monitored; no live audio is streamed.</small></p>`,
        5,
      ),
    );
  }
}

/** A browser says where a request comes from in Sec-Fetch-Site; other clients by their Origin, if any. */
function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${req.headers.host ?? ''}`;
}

function page(title: string, body: string, refreshSeconds?: number): string {
  const refresh = refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)} — TCCC 管理端 (emulator)</title>${refresh}<style>body{font:14px sans-serif;margin:24px;color:#222}table{border-collapse:collapse}td,th{border:1px solid #d0d7e2;padding:4px 8px;text-align:left}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The console's own links stay within it; nothing leaks to other sites.
    'referrer-policy': 'same-origin',
  });
  res.end(html);
}
