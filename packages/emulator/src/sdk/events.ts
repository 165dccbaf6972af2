// `tccc.events` and `tccc.on/off` (reference §1.8): names may be given as strings or enum values.
export const events = {
  ready: 'ready',
  tokenExpired: 'tokenExpired',
  callIn: 'callIn',
  userAccessed: 'userAccessed',
  autoTransfer: 'autoTransfer',
  sessionEnded: 'sessionEnded',
  sessionCompleted: 'sessionCompleted',
  callOuted: 'callOuted',
  calloutAccepted: 'calloutAccepted',
  transfer: 'transfer',
  statusChanged: 'statusChanged',
} as const;

export type EventName = (typeof events)[keyof typeof events];
export const SDK_EVENT_NAMES = Object.values(events) as [EventName, ...EventName[]];
export type Handler = (payload: Record<string, unknown>) => void;

export class Emitter {
  private handlers = new Map<string, Set<Handler>>();

  on(name: string, handler: Handler): void {
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
    }
    set.add(handler);
  }

  /** Without a handler, removes every handler of the event. */
  off(name: string, handler?: Handler): void {
    if (handler) this.handlers.get(name)?.delete(handler);
    else this.handlers.delete(name);
  }

  emit(name: string, payload: Record<string, unknown>): void {
    for (const h of [...(this.handlers.get(name) ?? [])]) {
      try {
        h(payload);
      } catch (e) {
        // One integrator handler throwing must not stop the others, as in a DOM event dispatch.
        console.error(e);
      }
    }
  }
}
