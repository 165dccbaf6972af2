import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface Tc3Input {
  authorization: string | undefined;
  timestamp: string | undefined;
  host: string | undefined;
  contentType: string | undefined;
  body: string;
  nowSeconds: number;
  secretFor: (secretId: string) => string | undefined;
}

export type Tc3Result = { ok: true; secretId: string } | { ok: false; code: string; message: string };

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const hmac = (key: Buffer | string, s: string): Buffer => createHmac('sha256', key).update(s).digest();

/** Verifies a request exactly as tencentcloud-sdk-nodejs-common signs it (POST /, content-type;host). */
export function verifyTc3(input: Tc3Input): Tc3Result {
  const auth = input.authorization ?? '';
  const m =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m)
    return {
      ok: false,
      code: 'AuthFailure.InvalidAuthorization',
      message: 'Authorization header is missing or malformed.',
    };
  const [, secretId = '', date = '', service = '', signedHeaders = '', signature = ''] = m;
  const secretKey = input.secretFor(secretId);
  if (secretKey === undefined)
    return { ok: false, code: 'AuthFailure.SecretIdNotFound', message: 'The SecretId is not found.' };
  const ts = Number(input.timestamp);
  if (!Number.isFinite(ts) || Math.abs(input.nowSeconds - ts) > 300) {
    return {
      ok: false,
      code: 'AuthFailure.SignatureExpire',
      message: 'Signature expired. Timestamp is more than 300 s from server time.',
    };
  }
  // The official client signs the hostname without the port (new URL(url).hostname).
  const host = (input.host ?? '').replace(/:\d+$/, '');
  const expectedService = host.split('.')[0] ?? '';
  const headerValues: Record<string, string> = { 'content-type': input.contentType ?? '', host };
  const names = signedHeaders.split(';');
  const canonicalHeaders = names.map((n) => `${n}:${headerValues[n] ?? ''}\n`).join('');
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256(input.body)].join('\n');
  const stringToSign = [
    'TC3-HMAC-SHA256',
    String(ts),
    `${date}/${service}/tc3_request`,
    sha256(canonicalRequest),
  ].join('\n');
  const kDate = hmac(`TC3${secretKey}`, date);
  const expected = hmac(hmac(hmac(kDate, service), 'tc3_request'), stringToSign).toString('hex');
  const dateOfTs = new Date(ts * 1000).toISOString().slice(0, 10);
  const good =
    service === expectedService &&
    date === dateOfTs &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  if (!good)
    return {
      ok: false,
      code: 'AuthFailure.SignatureFailure',
      message: 'The provided credentials could not be validated.',
    };
  return { ok: true, secretId };
}
