// Every SDK method answers `{ status: 'success', data? }` or `{ status: 'error', errorMsg }` (reference §1.4).
export interface SdkResponse<T = unknown> {
  status: 'success' | 'error';
  errorMsg?: string;
  data?: T;
}

export const ok = <T>(data?: T): SdkResponse<T> =>
  data === undefined ? { status: 'success' } : { status: 'success', data };

export const fail = (errorMsg: string): SdkResponse<never> => ({ status: 'error', errorMsg });
