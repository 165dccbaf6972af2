import type { ServerErrorCode } from '../errors.js';
import { ServerError } from '../errors.js';
import { validatePhone } from '../phone/phone.js';

export interface NewCustomer {
  name: string;
  phone: string;
  company: string | null;
  note: string | null;
}

export interface RowError {
  /** 1-based line number in the file, the header being row 1, as a spreadsheet shows it. */
  row: number;
  code: ServerErrorCode;
}

export const maxImportRows = 5000;

// Headers people actually use, in both languages; matched case-insensitively after trimming.
const headerNames: Record<keyof NewCustomer, string[]> = {
  name: ['name', '姓名', '客户', '客户名称', '名称'],
  phone: ['phone', 'mobile', 'tel', '电话', '手机', '手机号', '号码', '电话号码'],
  company: ['company', '公司', '单位'],
  note: ['note', 'notes', '备注'],
};

function columnIndexes(header: string[]) {
  const cells = header.map((h) => h.trim().toLowerCase());
  const find = (field: keyof NewCustomer) => cells.findIndex((c) => headerNames[field].includes(c));
  return { name: find('name'), phone: find('phone'), company: find('company'), note: find('note') };
}

const optional = (value: string | undefined, max: number) => {
  const v = (value ?? '').trim();
  return v === '' ? null : v.slice(0, max);
};

/**
 * Reads an import file's rows into valid customers and per-row errors. Numbers follow the same rules as the
 * browser's dial pad (`@tccc-dialer/web/phone`, default region CN) and are stored in national form, so
 * a number typed as `+86 138 0013 8000` and `13800138000` is one customer. Throws for a file that is not
 * a customer list at all (no phone column) or is too long. A number twice in the file is an error on
 * its second row; numbers already stored are the caller's to check.
 */
export function readCustomerCsv(rows: string[][]): {
  customers: (NewCustomer & { row: number })[];
  errors: RowError[];
} {
  const header = rows[0];
  if (header === undefined) throw new ServerError('CUSTOMER_IMPORT_INVALID');
  const col = columnIndexes(header);
  if (col.phone < 0 || col.name < 0) throw new ServerError('CUSTOMER_IMPORT_INVALID');
  if (rows.length - 1 > maxImportRows) throw new ServerError('CUSTOMER_IMPORT_TOO_LARGE');

  const customers: (NewCustomer & { row: number })[] = [];
  const errors: RowError[] = [];
  const seen = new Set<string>();
  for (const [index, cells] of rows.slice(1).entries()) {
    const row = index + 2;
    if (cells.every((c) => c.trim() === '')) continue;
    const name = (cells[col.name] ?? '').trim();
    const phone = validatePhone(cells[col.phone] ?? '');
    if (name === '') errors.push({ row, code: 'CUSTOMER_NAME_MISSING' });
    else if (!phone.valid) errors.push({ row, code: 'CUSTOMER_PHONE_INVALID' });
    else if (seen.has(phone.national)) errors.push({ row, code: 'CUSTOMER_DUPLICATE' });
    else {
      seen.add(phone.national);
      customers.push({
        row,
        name: name.slice(0, 100),
        phone: phone.national,
        company: col.company < 0 ? null : optional(cells[col.company], 200),
        note: col.note < 0 ? null : optional(cells[col.note], 2000),
      });
    }
  }
  return { customers, errors };
}
