import type { z } from 'zod';
import type { AdminConsole } from '../admin-console.js';
import type { CallStore } from '../calls.js';
import type { CdrStore } from '../cdr.js';
import { ApiError } from '../cloud-api/envelope.js';
import type { EmulatorConfig } from '../config.js';
import type { Recordings } from '../recordings.js';
import type { TokenStore } from '../tokens.js';

/** What an action may read and change. */
export interface ActionContext {
  config: EmulatorConfig;
  now: () => number;
  baseUrl: () => string;
  tokens: TokenStore;
  calls: CallStore;
  cdrs: CdrStore;
  recordings: Recordings;
  admin: AdminConsole;
  /** Lifetime of DescribeSessionDetail's RecordURL. */
  recordUrlTtlSeconds: number;
}

export interface Action<S extends z.ZodType = z.ZodType> {
  name: string;
  params: S;
  run(params: z.infer<S>, ctx: ActionContext): Record<string, unknown>;
}

export const defineAction = <S extends z.ZodType>(action: Action<S>): Action<S> => action;

/** Every action names the app; a wrong one is `InvalidParameterValue.InstanceNotExist`. */
export function requireInstance(ctx: ActionContext, sdkAppId: number): void {
  if (sdkAppId !== ctx.config.sdkAppId)
    throw new ApiError(
      'InvalidParameterValue.InstanceNotExist',
      `The instance \`SdkAppId\` ${sdkAppId} does not exist.`,
    );
}
