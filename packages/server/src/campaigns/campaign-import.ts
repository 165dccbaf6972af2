import { ServerError } from '../errors.js';
import { validatePhone } from '../phone/phone.js';

export interface ImportedEntry {
  row: number;
  phone: string;
  name: string;
  /** The file's other columns by header, shown to the agent. */
  fields: Record<string, string>;
}

export interface EntryRowError {
  row: number;
  code: 'ENTRY_PHONE_INVALID' | 'ENTRY_DUPLICATE';
}

export const maxEntryRows = 5000;

const phoneHeaders = ['phone', 'mobile', 'tel', 'number', '电话', '手机', '手机号', '号码', '电话号码'];
const nameHeaders = ['name', '姓名', '客户', '客户名称', '名称'];

/**
 * Reads a call list's rows: a phone column (required), a name column (optional) and any other columns, kept
 * as fields for the agent. Numbers follow `@tccc-dialer/web/phone` (region CN) and are stored in
 * national form; an invalid number or a number twice in the file is reported by row.
 */
export function readEntryCsv(rows: string[][]): { entries: ImportedEntry[]; errors: EntryRowError[] } {
  const header = (rows[0] ?? []).map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const phoneCol = lower.findIndex((h) => phoneHeaders.includes(h));
  const nameCol = lower.findIndex((h) => nameHeaders.includes(h));
  if (phoneCol < 0) throw new ServerError('CAMPAIGN_IMPORT_INVALID');
  if (rows.length - 1 > maxEntryRows) throw new ServerError('CAMPAIGN_IMPORT_TOO_LARGE');

  const entries: ImportedEntry[] = [];
  const errors: EntryRowError[] = [];
  const seen = new Set<string>();
  for (const [index, cells] of rows.slice(1).entries()) {
    const row = index + 2;
    if (cells.every((c) => c.trim() === '')) continue;
    const phone = validatePhone(cells[phoneCol] ?? '');
    if (!phone.valid) {
      errors.push({ row, code: 'ENTRY_PHONE_INVALID' });
      continue;
    }
    if (seen.has(phone.national)) {
      errors.push({ row, code: 'ENTRY_DUPLICATE' });
      continue;
    }
    seen.add(phone.national);
    const fields: Record<string, string> = {};
    header.forEach((h, i) => {
      const value = (cells[i] ?? '').trim();
      if (i !== phoneCol && i !== nameCol && h !== '' && value !== '')
        fields[h.slice(0, 50)] = value.slice(0, 500);
    });
    entries.push({
      row,
      phone: phone.national,
      name: nameCol < 0 ? '' : (cells[nameCol] ?? '').trim().slice(0, 100),
      fields,
    });
  }
  return { entries, errors };
}
