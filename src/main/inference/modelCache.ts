/**
 * Loaded models kept per key, least recently used first out. An evicted model is disposed (its
 * weights freed) as soon as no call is still using it; a failed load is not remembered, so the
 * next call tries again. The inference process keeps one per kind of model (inference/server.ts).
 */

/** What the cache can free on eviction. */
export interface DisposableModel {
  dispose(): void
}

interface Entry<M> {
  model: Promise<M>
  /** Calls inside use() right now. */
  users: number
  evicted: boolean
}

export class ModelCache<M extends DisposableModel> {
  private readonly entries = new Map<string, Entry<M>>()

  /** `capacity`: models kept at once. */
  constructor(private readonly capacity: number) {}

  /** Runs `work` with the model under `key`, loading it with `load` on first use. */
  async use<T>(key: string, load: () => Promise<M>, work: (model: M) => T | Promise<T>): Promise<T> {
    const entry = this.entry(key, load)
    entry.users++
    try {
      return await work(await entry.model)
    } finally {
      entry.users--
      this.disposeIfUnused(entry)
    }
  }

  /** Drops every model whose key starts with `prefix`. */
  forget(prefix: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.evict(key)
  }

  /** Drops every model. */
  clear(): void {
    for (const key of [...this.entries.keys()]) this.evict(key)
  }

  /** Models held (loaded or loading). */
  get size(): number {
    return this.entries.size
  }

  private entry(key: string, load: () => Promise<M>): Entry<M> {
    const found = this.entries.get(key)
    if (found) {
      // Most recently used last.
      this.entries.delete(key)
      this.entries.set(key, found)
      return found
    }
    const entry: Entry<M> = { model: load(), users: 0, evicted: false }
    this.entries.set(key, entry)
    // A failed load is not remembered: the next call tries again.
    entry.model.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key)
    })
    while (this.entries.size > this.capacity) this.evict(this.entries.keys().next().value as string)
    return entry
  }

  private evict(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.entries.delete(key)
    entry.evicted = true
    this.disposeIfUnused(entry)
  }

  private disposeIfUnused(entry: Entry<M>): void {
    if (entry.evicted && entry.users === 0) entry.model.then((m) => m.dispose()).catch(() => undefined)
  }
}
