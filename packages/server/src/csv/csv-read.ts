import { Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { ServerError, type ServerErrorCode } from '../errors.js';

export interface CsvReadOptions {
  /** The `charset` of the request's Content-Type, if it named one. */
  charset?: string | undefined;
  /** More bytes than this: PAYLOAD_TOO_LARGE, with nothing read past the limit. */
  maxBytes: number;
  /** More lines than this after the header (blank ones included): `tooManyRows`. */
  maxRows: number;
  tooManyRows: ServerErrorCode;
  /** More than `maxBytes` (default PAYLOAD_TOO_LARGE). */
  tooLarge?: ServerErrorCode | undefined;
  /** A charset this server cannot decode, or bytes that are not text in it. */
  invalid: ServerErrorCode;
}

/** The `charset` parameter of a Content-Type header. */
export function charsetOf(contentType: unknown): string | undefined {
  return /charset=([^;]+)/i.exec(String(contentType ?? ''))?.[1]?.trim();
}

/** Fails the stream with `code` (413) once more than `max` bytes went through. */
function byteCap(max: number, code: ServerErrorCode): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      seen += chunk.length;
      if (seen > max) done(new ServerError(code));
      else done(null, chunk);
    },
  });
}

const isUtf8 = (name: string) => /^utf-?8$/i.test(name);

/**
 * Bytes to text: the declared charset when there is one; otherwise UTF-8 when the first chunk is valid
 * UTF-8, else GB18030 (a superset of GBK: what Excel on a Chinese Windows saves as "CSV"). Deciding
 * on the first chunk keeps the upload streaming; a Chinese file shows itself in its header row.
 */
function decoder(declared: string | undefined, invalid: ServerErrorCode): Transform {
  let decode: ((chunk: Buffer) => string) | undefined;
  const utf8 = () => {
    const d = new TextDecoder('utf-8', { fatal: true });
    return (chunk: Buffer) => d.decode(chunk, { stream: chunk.length > 0 });
  };
  const named = (name: string) => {
    const d = iconv.getDecoder(name);
    return (chunk: Buffer) => (chunk.length > 0 ? d.write(chunk) : (d.end() ?? ''));
  };
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      try {
        if (decode === undefined) {
          if (declared !== undefined && declared !== '' && !isUtf8(declared)) {
            if (!iconv.encodingExists(declared)) throw new ServerError(invalid);
            decode = named(declared);
          } else {
            decode = utf8();
            try {
              // Probe a copy: a fatal decoder that threw is spent.
              new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
            } catch (cause) {
              if (declared !== undefined && declared !== '') throw new ServerError(invalid, { cause });
              decode = named('gb18030');
            }
          }
        }
        done(null, decode(chunk));
      } catch (error) {
        done(error instanceof ServerError ? error : new ServerError(invalid, { cause: error }));
      }
    },
    flush(done: TransformCallback) {
      try {
        done(null, decode?.(Buffer.alloc(0)) ?? '');
      } catch (error) {
        done(new ServerError(invalid, { cause: error }));
      }
    },
  });
}

/**
 * The rows of an uploaded CSV file, parsed as the bytes arrive (RFC 4180: quotes, doubled quotes, CRLF,
 * LF or CR, a BOM), with the byte and row limits enforced while reading, so an oversized or hostile
 * file costs at most `maxBytes` of input and `maxRows` rows of work. The first row is the header.
 */
export async function* readCsvRows(
  body: NodeJS.ReadableStream,
  options: CsvReadOptions,
): AsyncGenerator<string[], void, undefined> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
  });
  const source = body.pipe(byteCap(options.maxBytes, options.tooLarge ?? 'PAYLOAD_TOO_LARGE'));
  const text = source.pipe(decoder(options.charset, options.invalid));
  text.pipe(parser);
  // pipe() does not forward errors: the parser must fail with whatever stopped the bytes.
  const fail = (error: Error) => parser.destroy(error);
  source.on('error', fail);
  text.on('error', fail);
  body.on?.('error', fail);
  let rows = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (rows > options.maxRows) throw new ServerError(options.tooManyRows);
      rows++;
      yield record;
    }
  } catch (error) {
    if (error instanceof ServerError) throw error;
    throw new ServerError(options.invalid, { cause: error });
  } finally {
    source.destroy();
  }
}

/** Every row of an upload (bounded by the same limits), for imports that check the whole file first. */
export async function readCsvFile(body: NodeJS.ReadableStream, options: CsvReadOptions): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of readCsvRows(body, options)) rows.push(row);
  return rows;
}
