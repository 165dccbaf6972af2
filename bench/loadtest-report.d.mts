// Types of loadtest-report.mjs, for the test that checks it.
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
export interface Recorder {
  record(route: string, ms: number, start?: number): void;
  error(route: string, status: number, code: string): void;
  summary(fromSecond?: number): Record<string, LatencySummary>;
  beyondQuota(
    names: string[],
    perSecond: number,
  ): Record<string, { quotaWait: LatencySummary; added: LatencySummary }>;
}
export declare function createRecorder(startedAt?: number): Recorder;
export declare function quotaWaits(starts: number[], perSecond: number): number[];
export interface RecordedError {
  route: string;
  status: number;
  code: string;
  /** Seconds into the run. */
  at: number;
}
export interface FaultWindow {
  from: number;
  to: number;
}
export declare function faultSpans(faults: FaultWindow[]): { from: number; to: number }[];
export declare function unexpectedErrors(errors: RecordedError[], faults: FaultWindow[]): RecordedError[];
