// `tccc.Chat`, `tccc.Video` (online and video service) and the older `tccc.Admin`: present as in the real
// SDK, but the emulator only models phone calls.
import { fail, ok, type SdkResponse } from './response.js';

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

export const Admin = {
  async getSkillGroups(): Promise<SdkResponse<{ skillGroupName: string; skillGroupId: string }[]>> {
    return ok([]);
  },
};
