import type { Emitter } from './events.js';
import type { Media } from './media.js';
import type { Transport } from './transport.js';

export type AgentStatus = 'free' | 'busy' | 'arrange' | 'notReady' | 'rest' | 'offline';

/** What the namespaces share inside one loaded SDK. */
export interface SdkState {
  transport: Transport;
  emitter: Emitter;
  media: Media;
  ready: boolean;
  status: AgentStatus;
}
