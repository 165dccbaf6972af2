// Tencent Cloud API 3.0 answers: always HTTP 200 with `{"Response": {..., "RequestId"}}`.
import { randomUUID } from 'node:crypto';

/** An error the cloud API reports in its envelope (`Response.Error.Code`). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const newRequestId = (): string => randomUUID();

export function successEnvelope(requestId: string, result: Record<string, unknown>): unknown {
  return { Response: { ...result, RequestId: requestId } };
}

export function errorEnvelope(requestId: string, code: string, message: string): unknown {
  return { Response: { Error: { Code: code, Message: message }, RequestId: requestId } };
}
