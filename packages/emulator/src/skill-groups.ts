// Skill groups (技能组) as the cloud API shows them, and the lookups routing and caller-ID choice need.
import type { EmulatorConfig, SkillGroupConfig, SkillGroupType } from './config.js';

/** `SkillGroupInfoItem.SkillGroupType`: 0 phone, 1 online, 3 audio, 4 video. */
const TYPE_CODES: Record<SkillGroupType, number> = { phone: 0, online: 1, audio: 3, video: 4 };
/** The deprecated `Type` of the same item (and `SkillGroupItem.Type`): TEL or IM. */
const TYPE_NAMES: Record<SkillGroupType, string> = { phone: 'TEL', online: 'IM', audio: 'TEL', video: 'ALL' };

export const findSkillGroup = (config: EmulatorConfig, id: number): SkillGroupConfig | undefined =>
  config.skillGroups.find((g) => g.skillGroupId === id);

/** The seat's groups that take phone calls, in config order. */
export const phoneGroupsOf = (config: EmulatorConfig, userId: string): SkillGroupConfig[] =>
  config.skillGroups.filter((g) => g.type === 'phone' && g.members.includes(userId));

/** Every group the seat belongs to, phone or not. */
export const groupsOf = (config: EmulatorConfig, userId: string): SkillGroupConfig[] =>
  config.skillGroups.filter((g) => g.members.includes(userId));

export const skillGroupNames = (config: EmulatorConfig, userId: string): string[] =>
  groupsOf(config, userId).map((g) => g.name);

/** `DescribeSkillGroupInfoList` › `SkillGroupInfoItem`. */
export function skillGroupInfoItem(g: SkillGroupConfig): Record<string, unknown> {
  return {
    SkillGroupId: g.skillGroupId,
    SkillGroupName: g.name,
    Type: TYPE_NAMES[g.type],
    // The emulator offers a call to the first free member in `members` order.
    RoutePolicy: 'Sequential',
    UsingLastSeat: 0,
    MaxConcurrency: 1,
    LastModifyTimestamp: 0,
    SkillGroupType: TYPE_CODES[g.type],
    Alias: '',
    RingAll: false,
  };
}

/** `DescribeStaffInfoList` › `StaffInfo.SkillGroupList` items. */
export const skillGroupItem = (g: SkillGroupConfig): Record<string, unknown> => ({
  SkillGroupId: g.skillGroupId,
  SkillGroupName: g.name,
  // 座席在技能组中的优先级: 1 highest, 5 lowest, 3 by default; the emulator has no priorities.
  Priority: 3,
  Type: TYPE_NAMES[g.type],
});
