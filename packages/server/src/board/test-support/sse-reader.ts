/** One Server-Sent Event as a browser's EventSource would dispatch it. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Reads an SSE stream over real HTTP (fetch) and hands out its events in order: `next(name)` waits
 * for the next event of that name, skipping others. The stream's bytes are parsed as the spec says
 * (blank line ends an event, `:` lines are comments).
 */
export interface SseReader {
  status: number;
  headers: Headers;
  next(name: string, timeoutMs?: number): Promise<unknown>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseReader> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const queue: SseEvent[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  if (res.ok && res.body !== null) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
            }
            if (data.length > 0) queue.push({ event, data: data.join('\n') });
          }
          wake?.();
        }
      } catch {
        // aborted
      }
      ended = true;
      wake?.();
    })();
  }
  return {
    status: res.status,
    headers: res.headers,
    async next(name, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = queue.findIndex((e) => e.event === name);
        if (i >= 0) {
          const [found] = queue.splice(0, i + 1).slice(-1);
          return JSON.parse(found?.data ?? 'null');
        }
        if (ended) throw new Error(`the stream ended before a "${name}" event`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no "${name}" event within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    close: () => abort.abort(),
  };
}
