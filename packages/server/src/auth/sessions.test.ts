// Who is calling, when the accounts cannot be read: a database outage is a coded 503 the agent can
// retry, not a sign-out; any other failure to identify the caller stays UNAUTHENTICATED.
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createMemoryAccountStore } from './accounts.js';
import { createSessionCodec } from './session-codec.js';
import { createMemorySessionStore } from './session-store.js';
import { createSessions, SESSION_COOKIE } from './sessions.js';

const codec = createSessionCodec('sessions-test-secret-0123456789abcdef0123');
const now = () => 1_767_225_600_000;

/** The database holds both the accounts and the open sessions: reading either fails the same way. */
function sessionsWith(find: () => Promise<never>) {
  const store = { ...createMemoryAccountStore(), find };
  return createSessions({
    codec,
    store,
    sessions: { ...createMemorySessionStore(), find },
    ttlSeconds: 3600,
    idleSeconds: 0,
    now,
    secureCookies: undefined,
    oidc: undefined,
    trustedHeader: undefined,
  });
}

const request = () =>
  ({
    headers: {},
    raw: { headers: {} },
    cookies: {
      [SESSION_COOKIE]: codec.seal({ sid: 'session-1', username: 'alice', exp: now() / 1000 + 600 }),
    },
  }) as unknown as FastifyRequest;

describe('authenticate while the accounts cannot be read', () => {
  it('answers STORE_UNAVAILABLE when the database is unreachable', async () => {
    const down = sessionsWith(() =>
      Promise.reject(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    );
    await expect(down.authenticate(request())).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('stays UNAUTHENTICATED for any other failure', async () => {
    const broken = sessionsWith(() => Promise.reject(new Error('something else')));
    await expect(broken.authenticate(request())).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
