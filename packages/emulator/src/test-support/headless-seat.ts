// A seat logged in from Node the way the SDK script logs in (its internal /sdk/* protocol), for control-API
// tests that need a seat online without a browser. Test-only: not part of the build.
import type { Emulator } from '../index.js';
import { call, commonClient } from './common-client.js';

export interface HeadlessSeat {
  /** Every SDK event the seat received so far. */
  events: { name: string; payload: Record<string, unknown> }[];
  /** One SDK operation (`call`, `accept`, `hangup`, `status`, ...). */
  post(verb: string, body?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Stops polling: the seat counts as gone a moment later. */
  close(): void;
}

export async function headlessSeat(emu: Emulator, seatUserId: string): Promise<HeadlessSeat> {
  const token = await call(commonClient(emu), 'CreateSDKLoginToken', {
    SdkAppId: emu.config.sdkAppId,
    SeatUserId: seatUserId,
  });
  const stop = new AbortController();
  const base = `http://127.0.0.1:${emu.port}/sdk`;
  const send = async (verb: string, body: Record<string, unknown>) =>
    (await (
      await fetch(`${base}/${verb}`, { method: 'POST', body: JSON.stringify(body), signal: stop.signal })
    ).json()) as Record<string, unknown>;
  const login = await send('login', { token: token.Token });
  const session = String(login.session);
  const events: HeadlessSeat['events'] = [];
  void (async () => {
    while (!stop.signal.aborted) {
      const r: Record<string, unknown> = await send('poll', { session }).catch(() => ({ error: 'stopped' }));
      if (r.error) return;
      events.push(...((r.events as HeadlessSeat['events'] | undefined) ?? []));
    }
  })();
  return {
    events,
    post: (verb, body = {}) => send(verb, { session, ...body }),
    close: () => stop.abort(),
  };
}
