// Choosing the microphone and speaker around TCCC's SDK, which can list devices but not choose them
// (reference/tccc.md §1.6). The microphone is chosen through the loader's picker; the speaker by
// `setSinkId` on the media elements the SDK plays through and on your own sounds.
import { deviceError, grantError } from './devices-errors.js';
import { Emitter } from './emitter.js';
import type { TcccDialerError } from './errors.js';
import type { MicrophonePicker } from './load-tccc.js';
import { microphonePicker } from './microphone-picker.js';

export type DeviceKind = 'microphone' | 'speaker';

/** A real device: the `default` and `communications` aliases are not listed. */
export interface AudioDevice {
  deviceId: string;
  label: string;
  groupId: string;
  /** The device the system uses now, behind the `default` choice (as far as the browser tells). */
  isDefault: boolean;
}

export interface DeviceLists {
  microphones: AudioDevice[];
  speakers: AudioDevice[];
}

export interface LostDevice {
  kind: DeviceKind;
  deviceId: string;
  label: string;
  /** DEVICE_LOST, with the device's label. */
  error: TcccDialerError;
  /** True when it was the chosen device, and the choice fell back to `default`. */
  fellBack: boolean;
}

/** Anything that plays sound and may be sent to an output: an `<audio>`/`<video>` element, an AudioContext. */
export interface SinkTarget {
  readonly sinkId?: unknown;
  setSinkId?: (sinkId: string) => Promise<void>;
}

export type DevicesEvents = {
  /** The lists or a choice changed. */
  change: (lists: DeviceLists) => void;
  /** A device in use disappeared (`devicechange`): show it, e.g. as a banner. */
  deviceLost: (lost: LostDevice) => void;
};

export interface DevicesOptions {
  mediaDevices?:
    | Pick<MediaDevices, 'getUserMedia' | 'enumerateDevices' | 'addEventListener' | 'removeEventListener'>
    | undefined;
  /** Where the choice is remembered (default `localStorage`); `null` remembers nothing. */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** The storage key (default `tccc-dialer.devices`). */
  storageKey?: string;
  /** The page the SDK renders into (its media elements sit under `#tcccSdkDomRoot`). */
  document?: Document;
  AudioContext?: new () => AudioContext;
}

type Remembered = Partial<Record<DeviceKind, { deviceId: string; label: string }>>;
type DeviceSource = NonNullable<DevicesOptions['mediaDevices']>;

const KINDS: Record<DeviceKind, MediaDeviceKind> = { microphone: 'audioinput', speaker: 'audiooutput' };
const isAlias = (d: MediaDeviceInfo) => d.deviceId === 'default' || d.deviceId === 'communications';
const SDK_ROOT = '#tcccSdkDomRoot, t3c-sdk';
const SDK_MEDIA = ['audio', 'video'].flatMap((m) => SDK_ROOT.split(', ').map((r) => `${r} ${m}`)).join(', ');

/**
 * The device a plain request uses: the real device behind the `default` alias (Chrome lists one,
 * with the same groupId), else the first, which other browsers list as the default.
 */
function inUse(list: MediaDeviceInfo[], kind: MediaDeviceKind): MediaDeviceInfo | undefined {
  const all = list.filter((d) => d.kind === kind);
  const alias = all.find((d) => d.deviceId === 'default');
  const real = all.filter((d) => !isAlias(d));
  return (alias && real.find((d) => d.groupId === alias.groupId)) ?? real[0] ?? alias;
}

function storageOf(options: DevicesOptions): DevicesOptions['storage'] {
  if (options.storage !== undefined) return options.storage;
  try {
    return globalThis.localStorage; // reading it throws in sandboxed frames
  } catch {
    return null;
  }
}

/**
 * The agent's microphone and speaker: lists, choice, memory across reloads, a test tone, and
 * a fallback to the default when a chosen device disappears. Make one with `createDevices()`.
 */
export class Devices extends Emitter<DevicesEvents> {
  /** Whether this browser can send sound to a chosen speaker (`HTMLMediaElement.setSinkId`). */
  readonly canSelectSpeaker: boolean;
  /** Pass to `loadTccc({ microphone })`: the SDK's calls then use `microphone`. */
  readonly microphonePicker: MicrophonePicker;
  #md: DeviceSource | undefined;
  #storage: DevicesOptions['storage'];
  #key: string;
  #doc: Document | undefined;
  #AudioContext: (new () => AudioContext) | undefined;
  #lists: DeviceLists = { microphones: [], speakers: [] };
  #choice: Record<DeviceKind, string> = { microphone: 'default', speaker: 'default' };
  #remembered: Remembered;
  /** What a plain request used at the last look, per kind: the device `default` stands for. */
  #inUse: Partial<Record<DeviceKind, MediaDeviceInfo>> = {};
  #targets = new Set<SinkTarget>();
  #stop = new AbortController();
  #observer: MutationObserver | undefined;

  /** @internal made by createDevices */
  constructor(options: DevicesOptions = {}) {
    super();
    const md = options.mediaDevices ?? globalThis.navigator?.mediaDevices;
    const doc = options.document ?? globalThis.document;
    const win = doc?.defaultView;
    this.#md = md;
    this.#doc = doc;
    this.#storage = storageOf(options);
    this.#key = options.storageKey ?? 'tccc-dialer.devices';
    this.#AudioContext = options.AudioContext ?? win?.AudioContext;
    this.canSelectSpeaker = 'setSinkId' in (win?.HTMLMediaElement?.prototype ?? {});
    this.microphonePicker = microphonePicker(() => this.#choice.microphone);
    this.#remembered = this.#read();
    // Until a list says otherwise, the remembered choice stands (the picker falls back if it is gone).
    for (const kind of ['microphone', 'speaker'] as const)
      this.#choice[kind] = this.#remembered[kind]?.deviceId ?? 'default';
    md?.addEventListener('devicechange', () => void this.#refresh(true).catch(() => {}), {
      signal: this.#stop.signal,
    });
    if (doc && win?.MutationObserver) {
      // The SDK adds its call audio as media elements under its root: send each to the speaker.
      this.#observer = new win.MutationObserver((records) => {
        for (const r of records) for (const node of r.addedNodes) this.#adopt(node);
      });
      this.#observer.observe(doc, { childList: true, subtree: true });
      for (const el of doc.querySelectorAll(SDK_MEDIA)) this.#adopt(el);
    }
    // Learns the lists without asking for a grant; ids stay hidden until one is given.
    void this.#refresh(false).catch(() => {});
  }

  /** The chosen microphone: a deviceId, or `default` (the system's). */
  get microphone(): string {
    return this.#choice.microphone;
  }
  /** The chosen speaker: a deviceId, or `default` (the system's). */
  get speaker(): string {
    return this.#choice.speaker;
  }
  /** The lists at the last look. */
  get lists(): DeviceLists {
    return { microphones: [...this.#lists.microphones], speakers: [...this.#lists.speakers] };
  }

  /**
   * Lists microphones and speakers. Browsers hide labels and ids until the microphone is granted,
   * so this asks for it first when needed (start it from a click); a refusal rejects with its
   * MIC_* code.
   */
  async list(): Promise<DeviceLists> {
    const md = this.#need();
    const list = await md.enumerateDevices();
    if (list.some((d) => d.kind === 'audioinput' && !d.label)) {
      let stream: MediaStream;
      try {
        stream = await md.getUserMedia({ audio: true });
      } catch (e) {
        throw grantError(e);
      }
      for (const t of stream.getTracks()) t.stop();
    }
    await this.#refresh(false);
    return this.lists;
  }

  /**
   * Chooses the microphone for the SDK's next call (it opens one per call), and remembers it.
   * Rejects DEVICE_UNAVAILABLE for a device not in the list.
   */
  selectMicrophone(deviceId: string): Promise<void> {
    return this.#select('microphone', deviceId);
  }

  /**
   * Sends the SDK's call audio, and every sound passed to `route()`, to this speaker, and
   * remembers it. Rejects SPEAKER_UNSUPPORTED when the browser has no `setSinkId`, and
   * DEVICE_UNAVAILABLE for a device not in the list or one the browser cannot open.
   */
  selectSpeaker(deviceId: string): Promise<void> {
    return this.#select('speaker', deviceId);
  }

  /**
   * Sends your own sound (an `<audio>` element, an AudioContext) to the chosen speaker, now and
   * after every later choice; the returned function stops following. Rejects SPEAKER_UNSUPPORTED
   * when a speaker is chosen and the target has no `setSinkId`.
   */
  async route(target: SinkTarget | AudioContext): Promise<() => void> {
    const sink = target as SinkTarget; // AudioContext.setSinkId is newer than TypeScript's DOM types
    await this.#sink(sink, this.#choice.speaker);
    this.#targets.add(sink);
    return () => this.#targets.delete(sink);
  }

  /** Plays a short tone through the chosen speaker; resolves when it has played. */
  async playTestSound(options: { durationMs?: number; frequency?: number } = {}): Promise<void> {
    const { durationMs = 600, frequency = 440 } = options;
    const Context = this.#AudioContext;
    if (!Context) throw deviceError('SPEAKER_UNSUPPORTED', 'no AudioContext');
    const ctx = new Context();
    try {
      await this.#sink(ctx as SinkTarget, this.#choice.speaker);
      const tone = ctx.createOscillator();
      const gain = ctx.createGain();
      tone.frequency.value = frequency;
      gain.gain.value = 0.2;
      tone.connect(gain).connect(ctx.destination);
      // Browsers keep audio suspended until a user gesture: run this from a click.
      await ctx.resume();
      const played = new Promise((r) => tone.addEventListener('ended', r, { once: true }));
      tone.start();
      tone.stop(ctx.currentTime + durationMs / 1000);
      await played;
    } finally {
      await ctx.close().catch(() => {});
    }
  }

  /** Stops watching devices and the SDK's elements. */
  destroy(): void {
    this.#stop.abort();
    this.#observer?.disconnect();
    this.#targets.clear();
    this.clearListeners();
  }

  #need(): DeviceSource {
    if (!this.#md) throw deviceError('DEVICE_UNAVAILABLE', 'no navigator.mediaDevices (HTTPS needed)');
    return this.#md;
  }

  async #select(kind: DeviceKind, deviceId: string): Promise<void> {
    const find = () => this.#lists[`${kind}s`].find((d) => d.deviceId === deviceId);
    if (deviceId !== 'default' && !find()) await this.#refresh(false);
    const device = find();
    if (deviceId !== 'default' && !device) throw deviceError('DEVICE_UNAVAILABLE', deviceId);
    if (kind === 'speaker') {
      if (deviceId !== 'default' && !this.canSelectSpeaker) throw deviceError('SPEAKER_UNSUPPORTED');
      const was = this.#choice.speaker;
      this.#choice.speaker = deviceId;
      try {
        await this.#sinkAll();
      } catch (e) {
        this.#choice.speaker = was;
        await this.#sinkAll().catch(() => {});
        throw e;
      }
    }
    this.#choice[kind] = deviceId;
    if (device) this.#remembered[kind] = { deviceId, label: device.label };
    else delete this.#remembered[kind];
    this.#write();
    this.emit('change', this.lists);
  }

  /** Reads the devices again; after a `devicechange`, a chosen device gone falls back to `default`. */
  async #refresh(changed: boolean): Promise<void> {
    const list = await this.#need().enumerateDevices();
    const before = this.#lists;
    const beforeInUse = this.#inUse;
    this.#lists = { microphones: [], speakers: [] };
    this.#inUse = {};
    const lost: LostDevice[] = [];
    let speakerMoved = false;
    for (const kind of ['microphone', 'speaker'] as const) {
      const media = KINDS[kind];
      const now = inUse(list, media);
      if (now) this.#inUse[kind] = now;
      const items = list
        .filter((d) => d.kind === media && !isAlias(d))
        .map((d) => ({ deviceId: d.deviceId, label: d.label, groupId: d.groupId, isDefault: d === now }));
      this.#lists[`${kind}s`] = items;
      const choice = this.#choice[kind];
      const has = (id: string) => items.some((d) => d.deviceId === id);
      let lostOne: { deviceId: string; label: string } | undefined;
      let fellBack = false;
      if (choice !== 'default' && !has(choice)) {
        // Ids change when the browser's data is cleared: the same device keeps its label.
        const wanted = this.#remembered[kind];
        const same = wanted?.label ? items.find((d) => d.label === wanted.label) : undefined;
        if (same) this.#choice[kind] = same.deviceId;
        else if (items.some((d) => d.deviceId)) {
          this.#choice[kind] = 'default';
          fellBack = true;
          lostOne = before[`${kind}s`].find((d) => d.deviceId === choice) ?? { deviceId: choice, label: '' };
        }
        speakerMoved ||= kind === 'speaker' && this.#choice[kind] !== choice;
      } else if (choice === 'default' && changed) {
        const was = beforeInUse[kind];
        // Without a grant ids are blank: then only "none left" is certain.
        if (was && !(was.deviceId ? list.some((d) => d.deviceId === was.deviceId) : items.length))
          lostOne = was;
      }
      if (lostOne && changed)
        lost.push({
          kind,
          deviceId: lostOne.deviceId,
          label: lostOne.label,
          error: deviceError('DEVICE_LOST', lostOne.label),
          fellBack,
        });
    }
    if (speakerMoved) await this.#sinkAll().catch(() => {});
    this.emit('change', this.lists);
    for (const l of lost) this.emit('deviceLost', l);
  }

  /** Sends the SDK's media elements and every routed target to the chosen speaker. */
  async #sinkAll(): Promise<void> {
    const sdk = [...(this.#doc?.querySelectorAll<HTMLMediaElement>(SDK_MEDIA) ?? [])];
    await Promise.all([...sdk, ...this.#targets].map((t) => this.#sink(t, this.#choice.speaker)));
  }

  async #sink(target: SinkTarget, deviceId: string): Promise<void> {
    const sinkId = deviceId === 'default' ? '' : deviceId;
    if (!target.setSinkId) {
      if (sinkId) throw deviceError('SPEAKER_UNSUPPORTED');
      return;
    }
    if ((target.sinkId ?? '') === sinkId) return;
    try {
      await target.setSinkId(sinkId);
    } catch (e) {
      throw deviceError('DEVICE_UNAVAILABLE', (e as Error)?.name, e);
    }
  }

  /** A node the SDK added: its media elements (or itself) under the SDK's root go to the speaker. */
  #adopt(node: Node): void {
    if (node.nodeType !== 1) return;
    const el = node as Element;
    const media = el.matches('audio, video') ? [el] : [...el.querySelectorAll('audio, video')];
    for (const m of media)
      if (m.closest(SDK_ROOT)) void this.#sink(m as SinkTarget, this.#choice.speaker).catch(() => {});
  }

  #read(): Remembered {
    try {
      const v = JSON.parse(this.#storage?.getItem(this.#key) ?? '{}') as Remembered;
      const ok = (x: unknown): x is { deviceId: string; label: string } =>
        typeof (x as { deviceId?: unknown })?.deviceId === 'string';
      return {
        ...(ok(v?.microphone) && { microphone: v.microphone }),
        ...(ok(v?.speaker) && { speaker: v.speaker }),
      };
    } catch {
      return {};
    }
  }

  #write(): void {
    try {
      this.#storage?.setItem(this.#key, JSON.stringify(this.#remembered));
    } catch {} // a full or blocked storage only costs the memory
  }
}

/**
 * Starts watching the agent's devices. Seams (`mediaDevices`, `storage`, `document`,
 * `AudioContext`) default to the page's globals.
 */
export function createDevices(options: DevicesOptions = {}): Devices {
  return new Devices(options);
}
