// Small fakes behind the media seams (reference/style.md principle 12a). Only unit tests use them.

/** A MediaStreamTrack stand-in that records whether stop() was called. */
export class FakeTrack {
  readonly kind = 'audio';
  stopped = 0;
  enabled = true;
  stop(): void {
    this.stopped++;
  }
}

export function fakeStream(tracks = [new FakeTrack()]): MediaStream & { tracks: FakeTrack[] } {
  return { tracks, getTracks: () => tracks, getAudioTracks: () => tracks } as unknown as MediaStream & {
    tracks: FakeTrack[];
  };
}

const device = (kind: MediaDeviceKind, deviceId: string, label: string, groupId: string): MediaDeviceInfo =>
  ({ kind, deviceId, label, groupId, toJSON: () => ({}) }) as MediaDeviceInfo;

/** What Chrome on Windows lists with a USB headset plugged in: aliases share the real device's groupId. */
export function chromeDevicesWithHeadset(): MediaDeviceInfo[] {
  return [
    device('audioinput', 'default', 'Default - Headset Microphone (Jabra EVOLVE 20)', 'g-headset'),
    device(
      'audioinput',
      'communications',
      'Communications - Headset Microphone (Jabra EVOLVE 20)',
      'g-headset',
    ),
    device('audioinput', 'mic-headset', 'Headset Microphone (Jabra EVOLVE 20)', 'g-headset'),
    device('audioinput', 'mic-builtin', 'Microphone Array (Realtek Audio)', 'g-builtin'),
    device('audiooutput', 'default', 'Default - Headset Earphone (Jabra EVOLVE 20)', 'g-headset'),
    device('audiooutput', 'spk-headset', 'Headset Earphone (Jabra EVOLVE 20)', 'g-headset'),
    device('audiooutput', 'spk-builtin', 'Speakers (Realtek Audio)', 'g-builtin'),
  ];
}

/** The same machine after the headset is unplugged: `default` now points at the built-in array. */
export function chromeDevicesWithoutHeadset(): MediaDeviceInfo[] {
  return [
    device('audioinput', 'default', 'Default - Microphone Array (Realtek Audio)', 'g-builtin'),
    device('audioinput', 'mic-builtin', 'Microphone Array (Realtek Audio)', 'g-builtin'),
    device('audiooutput', 'default', 'Default - Speakers (Realtek Audio)', 'g-builtin'),
    device('audiooutput', 'spk-builtin', 'Speakers (Realtek Audio)', 'g-builtin'),
  ];
}

/** A mediaDevices seam: canned lists, a scripted getUserMedia, and a `devicechange` you can fire. */
export class FakeMediaDevices extends EventTarget {
  list: MediaDeviceInfo[];
  streams: ReturnType<typeof fakeStream>[] = [];
  failWith: unknown;
  constructor(list = chromeDevicesWithHeadset()) {
    super();
    this.list = list;
  }
  async getUserMedia(): Promise<MediaStream> {
    if (this.failWith) throw this.failWith;
    const s = fakeStream();
    this.streams.push(s);
    return s;
  }
  async enumerateDevices(): Promise<MediaDeviceInfo[]> {
    return this.list;
  }
  /** Swaps the list and fires `devicechange`, as the browser does on plug/unplug. */
  change(list: MediaDeviceInfo[]): void {
    this.list = list;
    this.dispatchEvent(new Event('devicechange'));
  }
}

/** An AudioContext stand-in: a fixed input level, and a record of close(). */
export function fakeAudioContext(level: number, state: AudioContextState = 'running') {
  const made: { closed: number }[] = [];
  class Ctx {
    state = state;
    closed = 0;
    constructor() {
      made.push(this);
    }
    createAnalyser() {
      return {
        fftSize: 32,
        getFloatTimeDomainData: (buf: Float32Array) => buf.fill(level),
      };
    }
    createMediaStreamSource() {
      return { connect: () => {} };
    }
    async resume() {}
    async close() {
      this.closed++;
    }
  }
  return { AudioContext: Ctx as unknown as new () => AudioContext, made };
}
