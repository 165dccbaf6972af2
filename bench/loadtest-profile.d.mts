// Types of loadtest-profile.mjs, for the test that checks it.
export declare const limits: { maxAgents: number; maxSeconds: number; maxTimeScale: number };
export declare class LoadtestUsage extends Error {}
export interface LoadProfile {
  name: string;
  timeScale: number;
  rampSeconds: number;
  perAgent: Record<
    | 'callEverySeconds'
    | 'ringSeconds'
    | 'talkSeconds'
    | 'fromListShare'
    | 'noteShare'
    | 'historyPageEverySeconds'
    | 'historySearchEverySeconds'
    | 'sdkUrlEverySeconds',
    number
  >;
}
export interface LoadOptions {
  agents: number;
  seconds: number;
  mode: 'sqlite' | 'cluster';
  profile: string;
  faults: boolean;
  out: string;
}
export declare function parseProfile(text: string): LoadProfile;
export declare function isLoopback(hostname: string): boolean;
export declare function requireLoopback(url: string): URL;
export declare function parseOptions(args: string[]): LoadOptions;
