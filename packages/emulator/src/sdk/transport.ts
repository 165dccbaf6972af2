// The SDK's link to the emulator: JSON POSTs to /sdk/<verb> on the origin the script came from.
export type BackendReply = Record<string, unknown> & { error?: string };

export class Transport {
  session = '';

  constructor(
    private readonly origin: string,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  async post(verb: string, body: Record<string, unknown> = {}): Promise<BackendReply> {
    try {
      const res = await this.fetchImpl(`${this.origin}/sdk/${verb}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ session: this.session, ...body }),
      });
      return (await res.json()) as BackendReply;
    } catch (e) {
      return { error: `network error: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
}
