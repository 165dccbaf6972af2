import { defaultDispositions } from '../api/campaigns.js';
import type { Disposition } from '../api-types.js';

/** The dispositions of a call outside a list when a deployment names none (`CALL_DISPOSITIONS`). */
export const defaultCallDispositions = ['interested', 'notInterested', 'wrongNumber'];

/**
 * The deployment's dispositions for calls outside a list: a key a list also offers by default keeps
 * its translated label, any other key shows as written. None schedules a callback (there is no entry).
 */
export function callDispositions(keys: string[] | undefined): Disposition[] {
  const wanted = keys?.length ? keys : defaultCallDispositions;
  return wanted.map((key) => ({
    key,
    label: defaultDispositions.find((d) => d.key === key)?.label ?? { 'zh-CN': key, 'en-US': key },
    callback: false,
  }));
}
