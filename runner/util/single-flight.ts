// Sharing one in-flight read among callers that ask for the same thing at the same time.

/**
 * Runs `load` once per key while a call for that key is in flight; concurrent callers get the same promise. Only for
 * reads whose caller accepts an answer that started before it asked (e.g. resourceVersion=0 lists), and whose result
 * no caller mutates.
 */
export class SingleFlight<T> {
  readonly #inFlight = new Map<string, Promise<T>>();

  /** The in-flight promise for `key`, or a new one from `load`. */
  run(key: string, load: () => Promise<T>): Promise<T> {
    const current = this.#inFlight.get(key);
    if (current) return current;
    const started = load().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, started);
    return started;
  }
}
