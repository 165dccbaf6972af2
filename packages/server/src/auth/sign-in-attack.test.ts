// Sign-in under attack: guesses from other addresses cannot keep the real user out, and a flood of
// password checks is refused (SIGN_IN_BUSY) instead of stalling every sign-in. Behind a trusted proxy,
// the client address is the forwarded one.
import { type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, type Harness, type HarnessOptions, startHarness } from '../test-support/harness.js';

let emulator: Emulator;
const open: Harness[] = [];
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await emulator.close();
});

async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness({ emulator, ...options, app: { trustProxy: ['127.0.0.1'], ...options.app } });
  open.push(h);
  return h;
}

const signInFrom = (h: Harness, address: string, username: string, password: string) =>
  h.app.inject({
    method: 'POST',
    url: '/api/session',
    remoteAddress: '127.0.0.1',
    headers: { 'x-forwarded-for': address },
    payload: { username, password },
  });

describe('sign-in under attack', () => {
  it('the supervisor still signs in from their own address during a 1,000-attempt lockout attempt from other addresses', async () => {
    const h = await harness();
    expect((await signInFrom(h, '10.0.0.7', 'supervisor', demoPassword)).statusCode).toBe(200);

    const codes = new Map<string, number>();
    for (let batch = 0; batch < 20; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          signInFrom(h, `203.0.113.${(batch * 50 + i) % 250}`, 'supervisor', `guess-${batch}-${i}`),
        ),
      );
      for (const a of answers) {
        const code = a.json().error.code as string;
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
    }
    // The username locked after its free attempts: the rest were refused without a password check.
    expect(codes.get('SIGN_IN_LOCKED') ?? 0).toBeGreaterThan(900);
    // The first concurrent guesses, before the lock, checked passwords or found the queue full.
    for (const code of codes.keys())
      expect(['INVALID_CREDENTIALS', 'SIGN_IN_BUSY', 'SIGN_IN_LOCKED']).toContain(code);

    // The real supervisor, from the address they signed in from before, is not denied.
    const real = await signInFrom(h, '10.0.0.7', 'supervisor', demoPassword);
    expect(real.statusCode).toBe(200);
    expect(real.json().user.username).toBe('supervisor');
    // A wrong password from that address is still wrong, and a new address stays locked out.
    expect((await signInFrom(h, '10.0.0.7', 'supervisor', 'nope')).json().error.code).toBe(
      'INVALID_CREDENTIALS',
    );
    const stranger = await signInFrom(h, '198.51.100.9', 'supervisor', demoPassword);
    expect([stranger.statusCode, stranger.json().error.code]).toEqual([429, 'SIGN_IN_LOCKED']);
    // Other users are untouched.
    expect((await signInFrom(h, '10.0.0.8', 'agent', demoPassword)).statusCode).toBe(200);
  });

  it('counts failures per client address across usernames (password spraying)', async () => {
    const h = await harness({ app: { addressLockout: { freeAttempts: 5 } } });
    const names = ['agent', 'agent2', 'supervisor', 'ghost', 'nobody1', 'nobody2'];
    const answers = [];
    for (const name of names) answers.push((await signInFrom(h, '203.0.113.5', name, 'Winter2026!')).json());
    expect(answers.map((a) => a.error.code)).toEqual([
      ...Array(5).fill('INVALID_CREDENTIALS'),
      'SIGN_IN_LOCKED',
    ]);
    // The sprayer's address is locked even for a correct password; everyone else signs in.
    expect((await signInFrom(h, '203.0.113.5', 'agent', demoPassword)).json().error.code).toBe(
      'SIGN_IN_LOCKED',
    );
    expect((await signInFrom(h, '10.0.0.9', 'agent', demoPassword)).statusCode).toBe(200);
  });

  it('answers SIGN_IN_BUSY (429 with Retry-After) when the password-check queue is full', async () => {
    const h = await harness({ app: { signInHashing: { concurrency: 1, maxQueued: 1 } } });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => signInFrom(h, `203.0.113.${i}`, `unknown-${i}`, 'x')),
    );
    const busy = answers.filter((a) => a.json().error?.code === 'SIGN_IN_BUSY');
    expect(busy.length).toBeGreaterThanOrEqual(7);
    for (const b of busy) {
      expect(b.statusCode).toBe(429);
      expect(Number(b.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    const checked = answers.filter((a) => a.json().error?.code !== 'SIGN_IN_BUSY');
    expect(checked.map((a) => a.json().error.code)).toEqual(checked.map(() => 'INVALID_CREDENTIALS'));
    // Once the flood has passed, sign-in works again.
    expect((await signInFrom(h, '10.0.0.1', 'agent', demoPassword)).statusCode).toBe(200);
  });

  it('does not count busy refusals against the user: an agent retrying a shift start still signs in', async () => {
    const h = await harness({ app: { signInHashing: { concurrency: 1, maxQueued: 1 } } });
    // Fifteen tries by the same agent at once: more than the per-user limit of 10 a minute, most
    // of them refused busy before any check.
    const answers = await Promise.all(
      Array.from({ length: 15 }, () => signInFrom(h, '10.0.0.7', 'agent', demoPassword)),
    );
    const codes = answers.map((a) => (a.statusCode === 200 ? 'OK' : a.json().error.code));
    expect(codes).toContain('SIGN_IN_BUSY');
    expect(codes).not.toContain('RATE_LIMITED');
    // The queue has room again: the retry the server asked for goes through.
    expect((await signInFrom(h, '10.0.0.7', 'agent', demoPassword)).statusCode).toBe(200);
  });
});
