import { describe, expect, it, vi } from 'vitest';
import { createDevices, type DevicesOptions, type LostDevice, type SinkTarget } from './audio-devices.js';
import {
  chromeDevicesWithHeadset,
  chromeDevicesWithoutHeadset,
  FakeMediaDevices,
} from './test-support/fake-media.js';

const settle = () => new Promise((r) => setTimeout(r, 0));

/** An `<audio>` element or AudioContext stand-in: records where its sound goes. */
class FakeSink implements SinkTarget {
  sinkId = '';
  fail: unknown;
  async setSinkId(id: string): Promise<void> {
    if (this.fail) throw this.fail;
    this.sinkId = id;
  }
}

/** The page: the SDK's media elements under its root, and whether the browser has setSinkId. */
function fakeDocument(sdkMedia: FakeSink[] = [], setSinkId = true): Document {
  return {
    defaultView: { HTMLMediaElement: { prototype: setSinkId ? { setSinkId() {} } : {} } },
    querySelectorAll: () => sdkMedia,
  } as unknown as Document;
}

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

function start(options: DevicesOptions & { md?: FakeMediaDevices } = {}) {
  const md = options.md ?? new FakeMediaDevices(chromeDevicesWithHeadset());
  const devices = createDevices({ mediaDevices: md, storage: null, document: fakeDocument(), ...options });
  const lost: LostDevice[] = [];
  devices.on('deviceLost', (l) => lost.push(l));
  return { md, devices, lost };
}

describe('createDevices: lists', () => {
  it('lists real devices without the default and communications aliases, and marks the one behind default', async () => {
    const { devices } = start();
    const lists = await devices.list();
    expect(lists.microphones.map((d) => [d.deviceId, d.isDefault])).toEqual([
      ['mic-headset', true],
      ['mic-builtin', false],
    ]);
    expect(lists.speakers.map((d) => [d.deviceId, d.label, d.isDefault])).toEqual([
      ['spk-headset', 'Headset Earphone (Jabra EVOLVE 20)', true],
      ['spk-builtin', 'Speakers (Realtek Audio)', false],
    ]);
  });

  it('asks for the microphone when labels are hidden, stops the track, then lists; a refusal rejects with its MIC_* code', async () => {
    const hidden = chromeDevicesWithHeadset().map(
      (d) => ({ ...d, deviceId: '', label: '' }) as MediaDeviceInfo,
    );
    const md = new FakeMediaDevices(hidden);
    const grant = md.getUserMedia.bind(md);
    md.getUserMedia = async () => {
      const s = await grant();
      md.list = chromeDevicesWithHeadset();
      return s;
    };
    const { devices } = start({ md });
    expect((await devices.list()).microphones).toHaveLength(2);
    expect(md.streams[0]?.tracks[0]?.stopped).toBe(1);

    const refused = new FakeMediaDevices(hidden);
    refused.failWith = Object.assign(new Error('denied'), { name: 'NotAllowedError' });
    await expect(start({ md: refused }).devices.list()).rejects.toMatchObject({
      code: 'MIC_PERMISSION_DENIED',
    });
  });

  it('without navigator.mediaDevices (an insecure page) rejects DEVICE_UNAVAILABLE saying why', async () => {
    vi.stubGlobal('navigator', {}); // what Chrome leaves of it on a plain-http page
    try {
      await expect(createDevices({ storage: null, document: fakeDocument() }).list()).rejects.toMatchObject({
        code: 'DEVICE_UNAVAILABLE',
        message: 'The chosen device is unavailable: no navigator.mediaDevices (HTTPS needed)',
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('createDevices: choosing', () => {
  it('sends the SDK’s media elements and routed sounds to the chosen speaker, and later choices follow', async () => {
    const sdk = [new FakeSink(), new FakeSink()];
    const { devices } = start({ document: fakeDocument(sdk) });
    await devices.list();
    const ringtone = new FakeSink();
    const stop = await devices.route(ringtone);
    await devices.selectSpeaker('spk-builtin');
    expect([devices.speaker, ...sdk.map((s) => s.sinkId), ringtone.sinkId]).toEqual([
      'spk-builtin',
      'spk-builtin',
      'spk-builtin',
      'spk-builtin',
    ]);
    stop();
    await devices.selectSpeaker('default');
    expect([...sdk.map((s) => s.sinkId), ringtone.sinkId]).toEqual(['', '', 'spk-builtin']);
  });

  it('chooses the microphone the picker hands the SDK', async () => {
    const { devices } = start();
    await devices.list();
    await devices.selectMicrophone('mic-builtin');
    expect(devices.microphone).toBe('mic-builtin');
  });

  it('without setSinkId: canSelectSpeaker is false and choosing a speaker rejects SPEAKER_UNSUPPORTED', async () => {
    const { devices } = start({ document: fakeDocument([], false) });
    await devices.list();
    expect(devices.canSelectSpeaker).toBe(false);
    await expect(devices.selectSpeaker('spk-builtin')).rejects.toMatchObject({
      code: 'SPEAKER_UNSUPPORTED',
      remedies: { 'zh-CN': '使用 Chrome 或 Edge 110 及以上，或在系统设置中切换' },
    });
    await devices.selectSpeaker('default');
    await expect(devices.route({})).resolves.toBeTypeOf('function');
    expect(devices.speaker).toBe('default');
  });

  it('a device not in the list rejects DEVICE_UNAVAILABLE; one the browser cannot open keeps the previous choice', async () => {
    const element = new FakeSink();
    const { devices } = start({ document: fakeDocument([element]) });
    await devices.list();
    await expect(devices.selectMicrophone('mic-gone')).rejects.toMatchObject({ code: 'DEVICE_UNAVAILABLE' });
    await devices.selectSpeaker('spk-headset');
    element.fail = Object.assign(new Error('gone'), { name: 'NotFoundError' });
    await expect(devices.selectSpeaker('spk-builtin')).rejects.toMatchObject({
      code: 'DEVICE_UNAVAILABLE',
      message: 'The chosen device is unavailable: NotFoundError',
    });
    expect([devices.speaker, element.sinkId]).toEqual(['spk-headset', 'spk-headset']);
  });
});

describe('createDevices: memory', () => {
  it('remembers the choice and restores it on the next start', async () => {
    const storage = memoryStorage();
    const first = start({ storage });
    await first.devices.list();
    await first.devices.selectMicrophone('mic-builtin');
    await first.devices.selectSpeaker('spk-headset');
    first.devices.destroy();
    const again = start({ storage });
    expect([again.devices.microphone, again.devices.speaker]).toEqual(['mic-builtin', 'spk-headset']);
  });

  it('matches a device whose id changed by its label, and keeps a choice absent at start for another day', async () => {
    const key = 'tccc-dialer.devices';
    const storage = memoryStorage({
      [key]: JSON.stringify({
        microphone: { deviceId: 'old-id', label: 'Microphone Array (Realtek Audio)' },
        speaker: { deviceId: 'spk-desk', label: 'Desk Speakers' },
      }),
    });
    const { devices, lost } = start({ storage });
    await devices.list();
    expect([devices.microphone, devices.speaker, lost]).toEqual(['mic-builtin', 'default', []]);
    expect(JSON.parse(storage.data.get(key) ?? '{}').speaker).toEqual({
      deviceId: 'spk-desk',
      label: 'Desk Speakers',
    });
  });

  it('a garbled or blocked storage only costs the memory', async () => {
    const broken = {
      getItem: () => '{not json',
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const { devices } = start({ storage: broken });
    await devices.list();
    await devices.selectMicrophone('mic-builtin');
    expect(devices.microphone).toBe('mic-builtin');
  });
});

describe('createDevices: device loss', () => {
  it('the chosen microphone unplugged falls back to default and says so once; a chosen speaker too, with the sound moved', async () => {
    const sdk = [new FakeSink()];
    const { md, devices, lost } = start({ document: fakeDocument(sdk) });
    await devices.list();
    await devices.selectMicrophone('mic-headset');
    await devices.selectSpeaker('spk-headset');
    md.change(chromeDevicesWithoutHeadset());
    await settle();
    md.change(chromeDevicesWithoutHeadset());
    await settle();
    expect(lost.map((l) => [l.kind, l.deviceId, l.fellBack, l.error.code])).toEqual([
      ['microphone', 'mic-headset', true, 'DEVICE_LOST'],
      ['speaker', 'spk-headset', true, 'DEVICE_LOST'],
    ]);
    expect(lost[0]?.label).toBe('Headset Microphone (Jabra EVOLVE 20)');
    expect([devices.microphone, devices.speaker, sdk[0]?.sinkId]).toEqual(['default', 'default', '']);
  });

  it('with default chosen, the device behind default going away is a loss; other devices coming or going are not', async () => {
    const { md, devices, lost } = start();
    await devices.list();
    md.change(chromeDevicesWithHeadset().filter((d) => d.deviceId !== 'mic-builtin'));
    await settle();
    expect(lost).toEqual([]);
    md.change(chromeDevicesWithoutHeadset());
    await settle();
    expect(lost.map((l) => [l.kind, l.deviceId, l.fellBack])).toEqual([
      ['microphone', 'mic-headset', false],
      ['speaker', 'spk-headset', false],
    ]);
  });

  it('without a grant (blank ids) only "none left" counts as a loss', async () => {
    const blank = chromeDevicesWithHeadset().map(
      (d) => ({ ...d, deviceId: '', label: '' }) as MediaDeviceInfo,
    );
    const { md, lost } = start({ md: new FakeMediaDevices(blank) });
    await settle();
    md.change(blank.filter((d, i) => d.kind !== 'audioinput' || i === 0));
    await settle();
    expect(lost).toEqual([]);
    md.change(blank.filter((d) => d.kind === 'audiooutput'));
    await settle();
    expect(lost.map((l) => l.kind)).toEqual(['microphone']);
  });

  it('stops listening after destroy()', async () => {
    const { md, devices, lost } = start();
    await devices.list();
    devices.destroy();
    md.change(chromeDevicesWithoutHeadset());
    await settle();
    expect(lost).toEqual([]);
  });
});

describe('createDevices: test sound', () => {
  function toneContext() {
    const made: Array<{ sinkId: string; closed: boolean; played: number[] }> = [];
    class Ctx {
      sinkId = '';
      closed = false;
      played: number[] = [];
      currentTime = 0;
      destination = {};
      constructor() {
        made.push(this);
      }
      async setSinkId(id: string) {
        this.sinkId = id;
      }
      createGain() {
        return { gain: { value: 1 }, connect: (n: unknown) => n };
      }
      createOscillator() {
        const ended = new EventTarget();
        return {
          frequency: { value: 0 },
          connect: (n: unknown) => n,
          addEventListener: ended.addEventListener.bind(ended),
          start: () => {},
          stop: (at: number) => {
            this.played.push(at);
            queueMicrotask(() => ended.dispatchEvent(new Event('ended')));
          },
        };
      }
      async resume() {}
      async close() {
        this.closed = true;
      }
    }
    return { AudioContext: Ctx as unknown as new () => AudioContext, made };
  }

  it('plays a tone through the chosen speaker, resolves when it ended, and closes its context', async () => {
    const tone = toneContext();
    const { devices } = start({ AudioContext: tone.AudioContext });
    await devices.list();
    await devices.selectSpeaker('spk-builtin');
    await devices.playTestSound({ durationMs: 300 });
    expect(tone.made).toEqual([
      expect.objectContaining({ sinkId: 'spk-builtin', closed: true, played: [0.3] }),
    ]);
  });

  it('without Web Audio rejects SPEAKER_UNSUPPORTED', async () => {
    const { devices } = start();
    await expect(devices.playTestSound()).rejects.toMatchObject({ code: 'SPEAKER_UNSUPPORTED' });
  });
});
