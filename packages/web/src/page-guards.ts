// Runtime care while the softphone is loaded (reference/peers.md §4 rows 3 and 11).

export interface LostDevice {
  deviceId: string;
  label: string;
}

type DeviceSource = Pick<MediaDevices, 'enumerateDevices' | 'addEventListener' | 'removeEventListener'>;

const isAlias = (d: MediaDeviceInfo) => d.deviceId === 'default' || d.deviceId === 'communications';

/** The input a plain `getUserMedia({audio:true})` uses: the real device behind `default`, else the first. */
function inputInUse(list: MediaDeviceInfo[]): MediaDeviceInfo | undefined {
  const inputs = list.filter((d) => d.kind === 'audioinput');
  const alias = inputs.find((d) => d.deviceId === 'default');
  const real = inputs.filter((d) => !isAlias(d));
  return (alias && real.find((d) => d.groupId === alias.groupId)) ?? real[0] ?? alias;
}

/** Calls `onLost` once when the input in use disappears (`devicechange`). Returns a stop function. */
export function watchInputDevice(devices: DeviceSource, onLost: (device: LostDevice) => void): () => void {
  const ac = new AbortController();
  const readList = () => devices.enumerateDevices().catch(() => undefined);
  // The input in use when the watch began; undefined when the list could not be read.
  const inUse = readList().then((list) => list && inputInUse(list));
  devices.addEventListener(
    'devicechange',
    async () => {
      const [list, was] = await Promise.all([readList(), inUse]);
      if (!list || !was || ac.signal.aborted) return;
      const inputs = list.filter((d) => d.kind === 'audioinput');
      // Without permission ids are blank: then only "no input left" is certain.
      if (was.deviceId ? inputs.some((d) => d.deviceId === was.deviceId) : inputs.length) return;
      ac.abort();
      onLost({ deviceId: was.deviceId, label: was.label });
    },
    { signal: ac.signal },
  );
  return () => ac.abort();
}

/** Asks the browser to confirm leaving the page. Returns a function that removes the guard. */
export function guardUnload(
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>,
): () => void {
  const onBeforeUnload = (e: Event) => {
    e.preventDefault();
    // Older Chromium prompts only when returnValue is set; Reflect.set does not throw where it is read-only.
    Reflect.set(e, 'returnValue', '');
  };
  target.addEventListener('beforeunload', onBeforeUnload);
  return () => target.removeEventListener('beforeunload', onBeforeUnload);
}

/** Calls `onOther` whenever another tab of this origin holds the softphone. Returns a close function. */
export function watchOtherTabs(
  Channel: (new (name: string) => BroadcastChannel) | undefined,
  onOther: () => void,
): () => void {
  if (!Channel) return () => {};
  const channel = new Channel('tccc-dialer');
  channel.onmessage = (e) => {
    if (e.data === 'hello') channel.postMessage('here');
    onOther();
  };
  channel.postMessage('hello');
  return () => channel.close();
}
