/**
 * Concurrent calls with the same key share one in-flight promise; nothing is kept once it settles
 * (SDK URLs are single-use and short-lived, so they are never cached).
 */
export function createCoalescer<V>() {
  const inFlight = new Map<string, Promise<V>>();
  return {
    run(key: string, task: () => Promise<V>): Promise<V> {
      const existing = inFlight.get(key);
      if (existing !== undefined) return existing;
      const p = task().finally(() => inFlight.delete(key));
      inFlight.set(key, p);
      return p;
    },
    get size(): number {
      return inFlight.size;
    },
  };
}
