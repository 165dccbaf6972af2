import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Locale } from '../http/locale.js';

/** One column of a CSV download: its heading in both languages and how a row fills it. */
export interface CsvColumn<T> {
  zh: string;
  en: string;
  value(row: T, lang: Locale): string | number | null;
}

/**
 * A CSV download as a stream: UTF-8 with a BOM (so Excel reads the Chinese right), headings in the
 * reader's language, CRLF line ends, RFC 4180 quoting, and a leading = + - @ defused so a spreadsheet
 * never runs a cell as a formula.
 */
export function csvStream<T>(
  columns: readonly CsvColumn<T>[],
  rows: Iterable<T> | AsyncIterable<T>,
  lang: Locale,
): Readable {
  const out = stringify({
    bom: true,
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
    cast: { string: (s) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s) },
  });
  void (async () => {
    try {
      out.write(columns.map((c) => (lang === 'zh-CN' ? c.zh : c.en)));
      for await (const row of rows) {
        // Respect backpressure: a slow download must not buffer the whole history in memory.
        if (!out.write(columns.map((c) => c.value(row, lang)))) await drained(out);
      }
      out.end();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}

const drained = (stream: Readable & { once(event: 'drain', cb: () => void): unknown }) =>
  new Promise<void>((resolve) => stream.once('drain', resolve));
