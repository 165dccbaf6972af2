import { ApiError } from '../cloud-api/envelope.js';
import type { ActionContext } from './action.js';

const DAY = 86400;

/** The CDR lists' window: end not before start, shorter than 90 days, starting within the last 180. */
export function checkCdrWindow(ctx: ActionContext, start: number, end: number): void {
  const nowS = Math.floor(ctx.now() / 1000);
  if (end < start)
    throw new ApiError(
      'InvalidParameterValue',
      'The value of parameter `EndTimeStamp` is before `StartTimeStamp`.',
    );
  if (end - start >= 90 * DAY)
    throw new ApiError(
      'InvalidParameterValue',
      'The value of parameter `EndTimeStamp` is invalid: the time range must be shorter than 90 days.',
    );
  if (start < nowS - 180 * DAY)
    throw new ApiError(
      'InvalidParameterValue',
      'The value of parameter `StartTimeStamp` is invalid: it must be within the last 180 days.',
    );
}
