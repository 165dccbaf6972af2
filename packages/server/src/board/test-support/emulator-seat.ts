// A seat signed in to the emulator from Node, the way its SDK script signs in (the emulator's internal
// /sdk/* protocol), so a test can change a seat's status in TCCC without a browser.
import type { Emulator } from '@tccc-dialer/emulator';
import type { Upstream } from '../../upstream/upstream.js';

export interface EmulatorSeat {
  post(verb: string, body?: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): void;
}

export async function emulatorSeat(
  emulator: Emulator,
  upstream: Upstream,
  seatUserId: string,
): Promise<EmulatorSeat> {
  const { Token } = await upstream.request<{ Token: string }>('CreateSDKLoginToken', {
    SdkAppId: emulator.config.sdkAppId,
    SeatUserId: seatUserId,
  });
  const stop = new AbortController();
  const send = async (verb: string, body: Record<string, unknown>) =>
    (await (
      await fetch(`http://127.0.0.1:${emulator.port}/sdk/${verb}`, {
        method: 'POST',
        body: JSON.stringify(body),
        signal: stop.signal,
      })
    ).json()) as Record<string, unknown>;
  const session = String((await send('login', { token: Token })).session);
  void (async () => {
    while (!stop.signal.aborted) {
      const r = await send('poll', { session }).catch(() => ({ error: 'stopped' }));
      if ((r as { error?: unknown }).error) return;
    }
  })();
  return { post: (verb, body = {}) => send(verb, { session, ...body }), close: () => stop.abort() };
}
