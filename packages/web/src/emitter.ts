// biome-ignore lint/suspicious/noExplicitAny: handler maps need a wide function bound
type Handlers = Record<string, (...args: any[]) => void>;

export class Emitter<E extends Handlers> {
  #handlers = new Map<keyof E, Set<E[keyof E]>>();

  on<K extends keyof E>(event: K, handler: E[K]): () => void {
    let set = this.#handlers.get(event);
    if (!set) {
      set = new Set();
      this.#handlers.set(event, set);
    }
    set.add(handler);
    return () => this.off(event, handler);
  }

  off<K extends keyof E>(event: K, handler: E[K]): void {
    this.#handlers.get(event)?.delete(handler);
  }

  once<K extends keyof E>(event: K, handler: E[K]): () => void {
    const wrapped = ((...args: Parameters<E[K]>) => {
      this.off(event, wrapped);
      handler(...args);
    }) as E[K];
    return this.on(event, wrapped);
  }

  protected emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    for (const h of [...(this.#handlers.get(event) ?? [])]) h(...args);
  }

  protected clearListeners(): void {
    this.#handlers.clear();
  }
}
