import { afterEach, describe, expect, it } from 'vitest';
import { guardUnload, type LostDevice, watchInputDevice, watchOtherTabs } from './page-guards.js';
import {
  chromeDevicesWithHeadset,
  chromeDevicesWithoutHeadset,
  FakeMediaDevices,
} from './test-support/fake-media.js';

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('watchInputDevice', () => {
  it('reports the real device behind `default` when it is unplugged, once', async () => {
    const md = new FakeMediaDevices(chromeDevicesWithHeadset());
    const lost: LostDevice[] = [];
    watchInputDevice(md, (d) => lost.push(d));
    await settle();
    md.change(chromeDevicesWithoutHeadset());
    await settle();
    md.change([]);
    await settle();
    expect(lost).toEqual([{ deviceId: 'mic-headset', label: 'Headset Microphone (Jabra EVOLVE 20)' }]);
  });

  it('stays quiet when another device comes or goes, or after stop()', async () => {
    const md = new FakeMediaDevices(chromeDevicesWithHeadset());
    const lost: LostDevice[] = [];
    const stop = watchInputDevice(md, (d) => lost.push(d));
    await settle();
    md.change(chromeDevicesWithHeadset().filter((d) => d.deviceId !== 'mic-builtin'));
    await settle();
    stop();
    md.change(chromeDevicesWithoutHeadset());
    await settle();
    expect(lost).toEqual([]);
  });

  it('without permission (blank ids) it reports only when no input is left', async () => {
    const blank = chromeDevicesWithHeadset().map(
      (d) => ({ ...d, deviceId: '', label: '' }) as MediaDeviceInfo,
    );
    const md = new FakeMediaDevices(blank);
    const lost: LostDevice[] = [];
    watchInputDevice(md, (d) => lost.push(d));
    await settle();
    md.change(blank.slice(0, 1));
    await settle();
    expect(lost).toEqual([]);
    md.change(blank.filter((d) => d.kind === 'audiooutput'));
    await settle();
    expect(lost).toHaveLength(1);
  });
});

describe('guardUnload', () => {
  it('asks to confirm leaving while on, and not after removal', () => {
    const page = new EventTarget();
    const off = guardUnload(page);
    const first = new Event('beforeunload', { cancelable: true });
    page.dispatchEvent(first);
    off();
    const second = new Event('beforeunload', { cancelable: true });
    page.dispatchEvent(second);
    expect([first.defaultPrevented, second.defaultPrevented]).toEqual([true, false]);
  });
});

describe('watchOtherTabs', () => {
  const closers: Array<() => void> = [];
  afterEach(() => {
    for (const c of closers.splice(0)) c();
  });

  it('both tabs learn of each other over BroadcastChannel', async () => {
    let first = 0;
    let second = 0;
    closers.push(watchOtherTabs(BroadcastChannel, () => first++));
    await settle();
    expect(first).toBe(0);
    closers.push(watchOtherTabs(BroadcastChannel, () => second++));
    await new Promise((r) => setTimeout(r, 50));
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
  });

  it('does nothing where BroadcastChannel is missing', () => {
    expect(() => watchOtherTabs(undefined, () => {})()).not.toThrow();
  });
});
