import { Dialer, type DialerEnv } from '../dialer.js';
import { FakeClock } from './fake-clock.js';
import { fakeTccc } from './fake-tccc.js';

/** A Dialer over a scripted SDK and a fake clock, for unit tests. */
export function setup(outbound?: Parameters<typeof fakeTccc>[0]) {
  const sdk = fakeTccc(outbound);
  const clock = new FakeClock();
  let destroyed = 0;
  const env: DialerEnv = { tccc: sdk.tccc, clock, onDestroy: () => destroyed++ };
  const dialer = new Dialer(env);
  return { ...sdk, dialer, clock, destroyed: () => destroyed };
}

/** Lets the microtasks queued by SDK replies and `ended` run. */
export const settle = () => new Promise((r) => setTimeout(r, 0));
