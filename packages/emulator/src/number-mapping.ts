// Number protection (号码保护, 真实号码映射为用户ID; reference §8.1): TCCC asks the customer's endpoint for
// the number behind a user ID before it dials (UIDToPhone), and for an ID of each inbound caller
// (PhoneToUID), by HTTP POST with basic auth: {"Numbers": [...], "Mode"} → {"Code": 0, "Results": [{Key, Value}]}.
import type { NumberMappingTarget } from './config.js';

export type MappingMode = 'UIDToPhone' | 'PhoneToUID';
export type MappingResult = { ok: true; value: string } | { ok: false; errorMsg: string };

export interface NumberMappingOptions {
  /** How long TCCC waits for the endpoint (undocumented; the emulator's choice). */
  timeoutMs: number;
  fetch?: typeof fetch;
  log: (line: string) => void;
}

/** UIDToPhone must answer the number with its country code: `008613988888888`. */
const WITH_COUNTRY_CODE = /^00\d{7,20}$/;

export class NumberMapping {
  private current: NumberMappingTarget | undefined;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: NumberMappingOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  configure(target: NumberMappingTarget | undefined): void {
    this.current = target ? { ...target } : undefined;
  }

  get enabled(): boolean {
    return this.current !== undefined;
  }

  /** The endpoint without its password. */
  target(): { url: string; basicAuth: boolean } | null {
    return this.current ? { url: this.current.url, basicAuth: Boolean(this.current.basicAuth) } : null;
  }

  /** The number behind a user ID, or an `errorMsg` that tells a refusal from an unreachable endpoint. */
  async toPhone(id: string): Promise<MappingResult> {
    const r = await this.ask('UIDToPhone', id);
    if (r.ok && !WITH_COUNTRY_CODE.test(r.value))
      return malformed('the Value is not a number with its country code (0086…)');
    return r;
  }

  /** The user ID of a number (`0086…`); the endpoint must make one up for a number it has not seen. */
  async toUid(number: string): Promise<MappingResult> {
    const r = await this.ask('PhoneToUID', number);
    if (r.ok && r.value.trim() === '') return malformed('the Value is empty');
    return r;
  }

  private async ask(mode: MappingMode, key: string): Promise<MappingResult> {
    const target = this.current;
    if (!target) return { ok: false, errorMsg: 'Number mapping is not configured.' };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (target.basicAuth) headers.authorization = `Basic ${Buffer.from(target.basicAuth).toString('base64')}`;
    let res: Response;
    let text: string;
    try {
      res = await this.fetch(target.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ Numbers: [key], Mode: mode }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      const why = timedOut ? `timed out after ${this.options.timeoutMs} ms` : describe(e);
      this.options.log(`number mapping ${mode} unreachable: ${why}`);
      return unreachable(why);
    }
    if (!res.ok) {
      this.options.log(`number mapping ${mode} unreachable: HTTP ${res.status}`);
      return unreachable(`HTTP ${res.status}`);
    }
    const verdict = read(text, key);
    // Never the numbers themselves: they are what protection hides.
    this.options.log(`number mapping ${mode} ${verdict.ok ? 'ok' : 'failed'}`);
    return verdict;
  }
}

function read(text: string, key: string): MappingResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return malformed('the answer is not JSON');
  }
  if (typeof body !== 'object' || body === null) return malformed('the answer is not a JSON object');
  const { Code, Results } = body as { Code?: unknown; Results?: unknown };
  if (typeof Code !== 'number') return malformed('no numeric Code');
  if (Code !== 0) return { ok: false, errorMsg: `Number mapping refused the user ID (Code ${Code}).` };
  if (!Array.isArray(Results)) return malformed('Results is not a list');
  const hit = Results.find(
    (r): r is { Key: unknown; Value: unknown } => (r as { Key?: unknown })?.Key === key,
  );
  if (!hit) return { ok: false, errorMsg: 'Number mapping refused the user ID (no Result for it).' };
  if (typeof hit.Value !== 'string') return malformed('the Value is not a string');
  return { ok: true, value: hit.Value };
}

const unreachable = (why: string): MappingResult => ({
  ok: false,
  errorMsg: `Number mapping endpoint unreachable (${why}).`,
});

const malformed = (why: string): MappingResult => ({
  ok: false,
  errorMsg: `Number mapping endpoint answered malformed (${why}).`,
});

const describe = (e: unknown): string => {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return e instanceof Error ? e.message : String(e);
};
