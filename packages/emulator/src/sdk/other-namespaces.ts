// `tccc.Chat`, `tccc.Video` (online and video service) and the older `tccc.Admin`: present as in the real
// SDK, but the emulator only models phone calls.
import { fail, ok, type SdkResponse } from './response.js';
import type { SdkState } from './state.js';

const notEmulated = (what: string) => async (): Promise<SdkResponse> =>
  fail(`${what} is not emulated: the emulator models phone calls only.`);

export const Chat = {
  accept: notEmulated('Chat.accept'),
  end: notEmulated('Chat.end'),
  transfer: notEmulated('Chat.transfer'),
};

export const Video = {
  accept: notEmulated('Video.accept'),
  end: notEmulated('Video.end'),
  muteMic: notEmulated('Video.muteMic'),
  unmuteMic: notEmulated('Video.unmuteMic'),
  muteVideo: notEmulated('Video.muteVideo'),
  unmuteVideo: notEmulated('Video.unmuteVideo'),
  transfer: notEmulated('Video.transfer'),
};

/** The older `tccc.Admin.getSkillGroups()`: the app's skill groups, as transfer targets. */
export function createAdmin(state: SdkState) {
  return {
    async getSkillGroups(): Promise<SdkResponse<{ skillGroupName: string; skillGroupId: string }[]>> {
      if (!state.ready) return fail('The SDK is not ready yet: call APIs after the ready event.');
      const r = await state.transport.post('skillGroups');
      if (r.error) return fail(r.error);
      return ok(r.skillGroups as { skillGroupName: string; skillGroupId: string }[]);
    },
  };
}
