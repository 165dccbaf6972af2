import type { CsvColumn } from '../csv/csv-write.js';
import type { Campaign } from './campaign-settings.js';
import type { CampaignEntry } from './campaign-store.js';

/** The list export's columns: each entry and where it stands, dispositions in the reader's words. */
export function entryColumns(campaign: Campaign): CsvColumn<CampaignEntry>[] {
  return [
    { zh: '行号', en: 'Row', value: (e) => e.row },
    { zh: '姓名', en: 'Name', value: (e) => e.name },
    { zh: '电话', en: 'Phone', value: (e) => e.phone },
    { zh: '状态', en: 'Status', value: (e) => e.status },
    { zh: '关闭原因', en: 'Close reason', value: (e) => e.closeReason },
    { zh: '拨打次数', en: 'Attempts', value: (e) => e.attempts },
    { zh: '最近结果', en: 'Last outcome', value: (e) => e.lastOutcome },
    {
      zh: '处理结果',
      en: 'Disposition',
      value: (e, lang) =>
        campaign.dispositions.find((d) => d.key === e.lastDisposition)?.label[lang] ?? e.lastDisposition,
    },
    { zh: '下次拨打', en: 'Next attempt', value: (e) => e.nextAttemptAt },
    { zh: '回拨时间', en: 'Callback', value: (e) => e.callbackAt },
  ];
}
