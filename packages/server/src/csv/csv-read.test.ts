import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { type CsvReadOptions, readCsvFile } from './csv-read.js';

const limits: CsvReadOptions = {
  maxBytes: 1024,
  maxRows: 3,
  tooManyRows: 'CUSTOMER_IMPORT_TOO_LARGE',
  invalid: 'CUSTOMER_IMPORT_INVALID',
};

/** An upload arriving in small chunks, as a slow network delivers it. */
const upload = (bytes: Buffer | string, chunk = 7) => {
  const b = Buffer.from(bytes);
  const parts: Buffer[] = [];
  for (let i = 0; i < b.length; i += chunk) parts.push(b.subarray(i, i + chunk));
  return Readable.from(parts);
};

describe('readCsvFile', () => {
  it('reads quoted cells, doubled quotes, CRLF and a BOM as Excel writes them', async () => {
    expect(
      await readCsvFile(
        upload('\uFEFFname,phone\r\n"Wang, Fang","138 0013 8000"\r\n"say ""hi""",1\n'),
        limits,
      ),
    ).toEqual([
      ['name', 'phone'],
      ['Wang, Fang', '138 0013 8000'],
      ['say "hi"', '1'],
    ]);
  });

  it('decodes GBK without being told, and a declared charset when there is one', async () => {
    const gbk = iconv.encode('姓名,电话\n张三,13800138000\n', 'gbk');
    expect(await readCsvFile(upload(gbk, 3), limits)).toEqual([
      ['姓名', '电话'],
      ['张三', '13800138000'],
    ]);
    const big5 = iconv.encode('姓名\n張三\n', 'big5');
    expect(await readCsvFile(upload(big5), { ...limits, charset: 'big5' })).toEqual([['姓名'], ['張三']]);
    await expect(readCsvFile(upload('a'), { ...limits, charset: 'no-such-charset' })).rejects.toMatchObject({
      code: 'CUSTOMER_IMPORT_INVALID',
    });
  });

  it('stops at the row limit, blank lines included, and at the byte limit, while reading', async () => {
    await expect(readCsvFile(upload('h\n1\n\n\n\n'), limits)).rejects.toMatchObject({
      code: 'CUSTOMER_IMPORT_TOO_LARGE',
    });
    expect(await readCsvFile(upload('h\n1\n\n\n'), limits)).toHaveLength(4);
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled += 256;
        this.push(Buffer.alloc(256, 'x'));
      },
    });
    await expect(readCsvFile(endless, limits)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    // The reader gave up near the limit instead of draining the sender.
    expect(pulled).toBeLessThan(64 * 1024);
  });
});
