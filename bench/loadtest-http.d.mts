// Types of loadtest-http.mjs, for the test that checks it.
export interface HttpAnswer {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}
export declare function fetchHttp(
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
): Promise<HttpAnswer>;
export declare function closeConnections(): void;
