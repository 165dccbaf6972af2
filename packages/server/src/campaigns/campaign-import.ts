import { normalizePhone } from '@tccc-dialer/web/phone';
import iconv from 'iconv-lite';
import { parseCsv } from '../customers/csv.js';
import { ServerError } from '../errors.js';

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

/**
 * Text of an uploaded file: the declared charset when there is one, else UTF-8 when the bytes are
 * valid UTF-8, else GB18030 (a superset of GBK, what Excel on a Chinese Windows saves as "CSV").
 */
export function decodeCsv(bytes: Buffer, charset?: string): string {
  const declared = charset?.trim().toLowerCase();
  if (declared !== undefined && declared !== '' && !/^utf-?8$/.test(declared)) {
    if (!iconv.encodingExists(declared)) throw new ServerError('CAMPAIGN_IMPORT_INVALID');
    return iconv.decode(bytes, declared);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    if (declared !== undefined && declared !== '')
      throw new ServerError('CAMPAIGN_IMPORT_INVALID', { cause });
    return iconv.decode(bytes, 'gb18030');
  }
}

const phoneHeaders = ['phone', 'mobile', 'tel', 'number', '电话', '手机', '手机号', '号码', '电话号码'];
const nameHeaders = ['name', '姓名', '客户', '客户名称', '名称'];

/**
 * Reads a call list: a phone column (required), a name column (optional) and any other columns, kept
 * as fields for the agent. Numbers follow `@tccc-dialer/web/phone` (region CN) and are stored in
 * national form; an invalid number or a number twice in the file is reported by row.
 */
export function readEntryCsv(text: string): { entries: ImportedEntry[]; errors: EntryRowError[] } {
  const rows = parseCsv(text);
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
    const phone = normalizePhone(cells[phoneCol] ?? '', { defaultRegion: 'CN' });
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
