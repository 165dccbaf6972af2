// Byte ranges of a stored object (RFC 9110 §14), as TCCC's recording storage (COS) serves them: a
// player seeks in a recording by asking for the part it needs.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The one range `bytes=a-b` / `bytes=a-` / `bytes=-n` asks for, or undefined for the whole object. */
export function byteRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Sends `body` whole (200) or the range the request asks for (206, or 416 when past its end). */
export function sendObject(
  req: IncomingMessage,
  res: ServerResponse,
  contentType: string,
  body: Buffer,
): void {
  const headers = { 'content-type': contentType, 'cache-control': 'no-store', 'accept-ranges': 'bytes' };
  const range = byteRange(req.headers.range, body.length);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${body.length}` });
    res.end();
    return;
  }
  if (range === undefined) {
    res.writeHead(200, { ...headers, 'content-length': body.length });
    res.end(body);
    return;
  }
  res.writeHead(206, {
    ...headers,
    'content-range': `bytes ${range.start}-${range.end}/${body.length}`,
    'content-length': range.end - range.start + 1,
  });
  res.end(body.subarray(range.start, range.end + 1));
}
