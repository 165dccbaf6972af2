import { createApiClient } from './client.js';

const localeKey = 'tccc-dialer.locale';

/** The app's API client; sends the chosen language so server errors come back in it. */
export const api = createApiClient({
  language: () => globalThis.localStorage?.getItem(localeKey) ?? 'zh-CN',
});
export { ApiError } from './api-error.js';
export type * from './types.js';
export { outcomeKeys } from './types.js';
