import type { Campaign } from './campaign-settings.js';
import type { CampaignEntry } from './campaign-store.js';
import type { Locale } from './refusal-text.js';

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const columns: {
  zh: string;
  en: string;
  value: (e: CampaignEntry, c: Campaign, lang: Locale) => string | number | null;
}[] = [
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
    value: (e, c, lang) =>
      c.dispositions.find((d) => d.key === e.lastDisposition)?.label[lang] ?? e.lastDisposition,
  },
  { zh: '下次拨打', en: 'Next attempt', value: (e) => e.nextAttemptAt },
  { zh: '回拨时间', en: 'Callback', value: (e) => e.callbackAt },
];

/** A list's entries and where each stands, UTF-8 with a BOM so Excel reads the Chinese right. */
export function entriesCsv(entries: CampaignEntry[], campaign: Campaign, lang: Locale): string {
  const head = columns.map((c) => cell(lang === 'zh-CN' ? c.zh : c.en)).join(',');
  const rows = entries.map((e) => columns.map((c) => cell(c.value(e, campaign, lang))).join(','));
  return `\uFEFF${[head, ...rows].join('\r\n')}\r\n`;
}
