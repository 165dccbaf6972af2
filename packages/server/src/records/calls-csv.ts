import type { CsvColumn } from '../csv/csv-write.js';
import type { CallRecord } from './call-query.js';
import { outcomeLabels } from './outcome.js';

/** The history export's columns. */
export const callColumns: CsvColumn<CallRecord>[] = [
  { zh: '会话ID', en: 'Session ID', value: (c) => c.sessionId },
  { zh: '方向', en: 'Direction', value: (c) => c.direction },
  { zh: '坐席', en: 'Agent', value: (c) => c.agent?.displayName ?? '' },
  { zh: '坐席账号', en: 'Seat', value: (c) => c.seatUserId },
  { zh: '被叫', en: 'Callee', value: (c) => c.callee },
  { zh: '主叫', en: 'Caller', value: (c) => c.caller },
  { zh: '开始时间', en: 'Started', value: (c) => c.startedAt },
  { zh: '接通时间', en: 'Answered', value: (c) => c.acceptedAt },
  { zh: '结束时间', en: 'Ended', value: (c) => c.endedAt },
  { zh: '通话时长(秒)', en: 'Talk seconds', value: (c) => c.talkSeconds },
  { zh: '结果', en: 'Outcome', value: (c, lang) => outcomeLabels[c.outcome][lang] },
  { zh: '结束状态码', en: 'EndStatus', value: (c) => c.endStatus },
  { zh: '挂断方', en: 'Hung up by', value: (c) => c.hungUpSide },
  { zh: '备注', en: 'Note', value: (c) => c.note },
];
