// `tccc.Agent` (reference §1.6): the agent status model, kept on the emulator so calls can set `busy`.
import { fail, ok, type SdkResponse } from './response.js';
import type { AgentStatus, SdkState } from './state.js';

type SettableStatus = 'free' | 'rest' | 'arrange' | 'notReady' | 'stopNotReady';

export function createAgent(state: SdkState) {
  async function change(status: SettableStatus | 'offline', restReason?: string): Promise<SdkResponse> {
    if (!state.ready) return fail('The SDK is not ready yet: call APIs after the ready event.');
    const r = await state.transport.post('status', { status, ...(restReason ? { restReason } : {}) });
    if (r.error) return fail(r.error);
    state.status = r.status as AgentStatus;
    return ok();
  }
  return {
    online(): void {
      void change('free');
    },
    offline(): void {
      void change('offline');
    },
    setStatus(o: { status: SettableStatus; restReason?: string }): Promise<SdkResponse> {
      return change(o?.status, o?.restReason);
    },
    getStatus(): AgentStatus {
      return state.status;
    },
  };
}
