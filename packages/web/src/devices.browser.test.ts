// Choosing devices in Chromium with its fake devices (two microphones, two speakers, each with a
// `default` alias), against the emulator's SDK.
import { type Emulator, startEmulator } from '@tccc-dialer/emulator';
import { launchChromium } from '@tccc-dialer/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Devices } from './devices.js';
import { openPage, type PageError, type WebGlobal } from './test-support/browser-page.js';
import { type PageServer, startPageServer } from './test-support/page-server.js';
import { sdkUrlMinter } from './test-support/sdk-url.js';

let emulator: Emulator;
let server: PageServer;
let browser: Browser;
const pages: Page[] = [];

type Win = Window & { TcccWeb: WebGlobal; flat: (e: unknown) => PageError; devices: Devices };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, ringMs: 100 });
  server = await startPageServer(sdkUrlMinter(emulator));
  browser = await launchChromium();
});
afterEach(async () => {
  for (const p of pages.splice(0)) await p.context().close();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await emulator?.close();
});

async function page(): Promise<Page> {
  const p = await openPage(browser, server.origin);
  pages.push(p);
  return p;
}

describe('devices in Chromium', () => {
  it('lists the fake microphones and speakers after the grant, without the default alias', async () => {
    const p = await page();
    const lists = await p.evaluate(async () => {
      const w = window as unknown as Win;
      const devices = w.TcccWeb.createDevices();
      const { microphones, speakers } = await devices.list();
      const names = (l: { label: string; deviceId: string }[]) =>
        l.map((d) => [d.label, d.deviceId.length > 0]);
      return {
        microphones: names(microphones),
        speakers: names(speakers),
        canSelect: devices.canSelectSpeaker,
      };
    });
    expect(lists).toEqual({
      microphones: [
        ['Fake Audio Input 1', true],
        ['Fake Audio Input 2', true],
      ],
      speakers: [
        ['Fake Audio Output 1', true],
        ['Fake Audio Output 2', true],
      ],
      canSelect: true,
    });
  });

  it('the picker makes the SDK’s own getUserMedia open the chosen microphone; destroy() puts getUserMedia back', async () => {
    const p = await page();
    const seen = await p.evaluate(async () => {
      const w = window as unknown as Win;
      // What the SDK asks for and gets, recorded underneath the picker.
      const md = navigator.mediaDevices;
      const asked: string[] = [];
      const opened: string[] = [];
      const original = md.getUserMedia.bind(md);
      const recorder = async (c?: MediaStreamConstraints) => {
        asked.push(JSON.stringify(c));
        const stream = await original(c);
        opened.push(...stream.getAudioTracks().map((t) => t.label));
        return stream;
      };
      md.getUserMedia = recorder;
      const devices = w.TcccWeb.createDevices({ storage: null });
      const second = (await devices.list()).microphones[1];
      if (!second) throw new Error('no second microphone');
      await devices.selectMicrophone(second.deviceId);
      asked.length = 0; // from here on, only what the SDK asks for
      opened.length = 0;
      const dialer = await w.TcccWeb.loadTccc({
        getSdkUrl: '/sdk-url',
        microphone: devices.microphonePicker,
      });
      const call = await dialer.dial('13800138000');
      await new Promise<void>((r) => call.on('state', (s) => s === 'connected' && r()));
      await call.hangUp();
      await call.ended;
      dialer.destroy();
      return {
        asked,
        opened,
        chosen: second.deviceId,
        restored: md.getUserMedia === recorder,
      };
    });
    expect(seen.asked).toEqual([JSON.stringify({ audio: { deviceId: { exact: seen.chosen } } })]);
    expect(seen.opened).toEqual(['Fake Audio Input 2']);
    expect(seen.restored).toBe(true);
  });

  it('sends the audio elements under the SDK’s root to the chosen speaker, those added later too', async () => {
    const p = await page();
    await p.evaluate(async () => {
      const w = window as unknown as Win;
      await w.TcccWeb.loadTccc({ getSdkUrl: '/sdk-url', ui: 'hidden' });
      w.devices = w.TcccWeb.createDevices({ storage: null });
      // Stand-ins for the elements a TRTC-based SDK plays the call through.
      document
        .getElementById('tcccSdkDomRoot')
        ?.append(Object.assign(document.createElement('audio'), { id: 'a1' }));
      const speaker = (await w.devices.list()).speakers[0];
      if (!speaker) throw new Error('no speaker');
      await w.devices.selectSpeaker(speaker.deviceId);
      const later = document.createElement('div');
      later.append(Object.assign(document.createElement('audio'), { id: 'a2' }));
      document.getElementById('tcccSdkDomRoot')?.append(later);
      // Outside the SDK's root: not ours to move.
      document.body.append(Object.assign(document.createElement('audio'), { id: 'mine' }));
    });
    const sinks = () =>
      p.evaluate(() => {
        const w = window as unknown as Win;
        const sink = (id: string) => (document.getElementById(id) as HTMLMediaElement).sinkId;
        return { chosen: w.devices.speaker, a1: sink('a1'), a2: sink('a2'), mine: sink('mine') };
      });
    await expect.poll(async () => (await sinks()).a2).not.toBe('');
    const now = await sinks();
    expect(now).toEqual({ chosen: now.chosen, a1: now.chosen, a2: now.chosen, mine: '' });
    // Back to the system default.
    await p.evaluate(() => (window as unknown as Win).devices.selectSpeaker('default'));
    expect(await sinks()).toMatchObject({ chosen: 'default', a1: '', a2: '' });
  });

  it('plays the test tone through the chosen speaker, and your own AudioContext follows the choice', async () => {
    const p = await page();
    const result = await p.evaluate(async () => {
      const w = window as unknown as Win;
      const made: AudioContext[] = [];
      class Recorded extends AudioContext {
        constructor() {
          super();
          made.push(this);
        }
      }
      const devices = w.TcccWeb.createDevices({ storage: null, AudioContext: Recorded });
      const [first, second] = (await devices.list()).speakers;
      if (!first || !second) throw new Error('two speakers expected');
      const mine = new AudioContext();
      await devices.route(mine);
      await devices.selectSpeaker(first.deviceId);
      await devices.playTestSound({ durationMs: 200 });
      const tone = made[0] as AudioContext & { sinkId: string };
      await devices.selectSpeaker(second.deviceId);
      return {
        tone: [tone.sinkId === first.deviceId, tone.state],
        mine: (mine as AudioContext & { sinkId: string }).sinkId === second.deviceId,
      };
    });
    expect(result).toEqual({ tone: [true, 'closed'], mine: true });
  });

  it('remembers the choice across a reload (localStorage), before and after listing', async () => {
    const p = await page();
    const chosen = await p.evaluate(async () => {
      const w = window as unknown as Win;
      const devices = w.TcccWeb.createDevices();
      const { microphones, speakers } = await devices.list();
      await devices.selectMicrophone(microphones[1]?.deviceId ?? '');
      await devices.selectSpeaker(speakers[1]?.deviceId ?? '');
      return [devices.microphone, devices.speaker];
    });
    await p.reload();
    const restored = await p.evaluate(async () => {
      const w = window as unknown as Win;
      const devices = w.TcccWeb.createDevices();
      const before = [devices.microphone, devices.speaker];
      await devices.list();
      return { before, after: [devices.microphone, devices.speaker] };
    });
    expect(restored).toEqual({ before: chosen, after: chosen });
  });

  it('a speaker not in the list rejects DEVICE_UNAVAILABLE with its texts', async () => {
    const p = await page();
    const error = await p.evaluate(async () => {
      const w = window as unknown as Win;
      const devices = w.TcccWeb.createDevices({ storage: null });
      await devices.list();
      return devices.selectSpeaker('not-a-device').then(
        () => undefined,
        (e: unknown) => w.flat(e),
      );
    });
    expect(error).toMatchObject({ code: 'DEVICE_UNAVAILABLE', zh: '所选设备不可用' });
  });
});
