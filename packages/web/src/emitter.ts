// biome-ignore lint/suspicious/noExplicitAny: handler maps need a wide function bound
type Handlers = Record<string, (...args: any[]) => void>;

export class Emitter<E extends Handlers> {
  #handlers = new Map<keyof E, Set<E[keyof E]>>();

  on<K extends keyof E>(event: K, handler: E[K]): () => void {
    this.#handlers.set(event, (this.#handlers.get(event) ?? new Set()).add(handler));
    return () => this.off(event, handler);
  }

  off<K extends keyof E>(event: K, handler: E[K]): void {
    this.#handlers.get(event)?.delete(handler);
  }

  once<K extends keyof E>(event: K, handler: E[K]): () => void {
    const off = this.on(event, ((...args: Parameters<E[K]>) => {
      off();
      handler(...args);
    }) as E[K]);
    return off;
  }

  /** Calls every handler; one that throws is reported (as uncaught) without stopping the rest or us. */
  protected emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    for (const h of [...(this.#handlers.get(event) ?? [])]) {
      try {
        h(...args);
      } catch (e) {
        // As a DOM event listener's error: reported, and the other handlers still run.
        (globalThis.reportError ?? console.error)(e);
      }
    }
  }

  protected clearListeners(): void {
    this.#handlers.clear();
  }
}
