// Faults on demand: the next N cloud-API calls, SDK script loads or data pushes misbehave.
import { z } from 'zod';

export const apiFaultSchema = z.strictObject({
  /** An action name, or `*` for any action. */
  action: z.string().min(1),
  count: z.int().min(1),
  error: z.strictObject({ code: z.string().min(1), message: z.string() }).optional(),
  delayMs: z.int().min(0).max(120_000).optional(),
  malformed: z.boolean().optional(),
  httpStatus: z.int().min(100).max(599).optional(),
});
export type ApiFault = z.infer<typeof apiFaultSchema>;

export const SDK_FAULT_MODES = ['not-found', 'stall', 'no-global', 'token-expired'] as const;
export type SdkFaultMode = (typeof SDK_FAULT_MODES)[number];
export const sdkFaultSchema = z.strictObject({ mode: z.enum(SDK_FAULT_MODES), count: z.int().min(1) });
export type SdkFault = z.infer<typeof sdkFaultSchema>;

/** `fail`: the receiver's answer is ignored and retried; `duplicate`: delivered twice; `reorder`: held back. */
export const PUSH_FAULT_MODES = ['duplicate', 'reorder', 'fail'] as const;
export type PushFaultMode = (typeof PUSH_FAULT_MODES)[number];
export const pushFaultSchema = z.strictObject({ mode: z.enum(PUSH_FAULT_MODES), count: z.int().min(1) });
export type PushFault = z.infer<typeof pushFaultSchema>;

export interface FaultControls {
  api(fault: ApiFault): void;
  sdk(fault: SdkFault): void;
  push(fault: PushFault): void;
  clear(): void;
}

/** A queue of counted faults; `take` consumes one use of the first matching fault. */
class CountedFaults<F extends { count: number }> {
  private items: F[] = [];
  add(fault: F): void {
    this.items.push({ ...fault });
  }
  take(match: (f: F) => boolean): F | undefined {
    const fault = this.items.find((f) => f.count > 0 && match(f));
    if (!fault) return undefined;
    fault.count--;
    this.items = this.items.filter((f) => f.count > 0);
    return fault;
  }
  clear(): void {
    this.items = [];
  }
}

export class Faults implements FaultControls {
  readonly apiFaults = new CountedFaults<ApiFault>();
  readonly sdkFaults = new CountedFaults<SdkFault>();
  readonly pushFaults = new CountedFaults<PushFault>();

  api(fault: ApiFault): void {
    this.apiFaults.add(apiFaultSchema.parse(fault));
  }
  sdk(fault: SdkFault): void {
    this.sdkFaults.add(sdkFaultSchema.parse(fault));
  }
  push(fault: PushFault): void {
    this.pushFaults.add(pushFaultSchema.parse(fault));
  }
  clear(): void {
    this.apiFaults.clear();
    this.sdkFaults.clear();
    this.pushFaults.clear();
  }

  takeApi(action: string): ApiFault | undefined {
    return this.apiFaults.take((f) => f.action === action || f.action === '*');
  }
  takeScriptFault(): SdkFault | undefined {
    return this.sdkFaults.take((f) => f.mode !== 'token-expired');
  }
  takeLoginFault(): SdkFault | undefined {
    return this.sdkFaults.take((f) => f.mode === 'token-expired');
  }
  takePush(mode: PushFaultMode): PushFault | undefined {
    return this.pushFaults.take((f) => f.mode === mode);
  }
}
