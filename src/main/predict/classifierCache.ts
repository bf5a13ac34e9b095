/**
 * Loaded classifiers kept per (run, checkpoint), so a second image on the same run's page does
 * not rebuild the model. Least recently used first out; an evicted model is disposed (its
 * weights freed) as soon as no call is still using it.
 */
import type { Classifier } from './loadClassifier'

export type ClassifierLoader = (runDir: string, checkpoint: string) => Promise<Classifier>

interface Entry {
  classifier: Promise<Classifier>
  /** Calls inside use() right now. */
  users: number
  evicted: boolean
}

export class ClassifierCache {
  private readonly entries = new Map<string, Entry>()

  /** `capacity`: models kept at once (a ResNet-50's weights take about 100 MB each). */
  constructor(
    private readonly load: ClassifierLoader,
    private readonly capacity = 2,
  ) {}

  /** Runs `work` with the classifier of `runDir` at `checkpoint` (a resolved name), loading it on first use. */
  async use<T>(runDir: string, checkpoint: string, work: (classifier: Classifier) => Promise<T>): Promise<T> {
    const entry = this.entry(`${runDir}\0${checkpoint}`, runDir, checkpoint)
    entry.users++
    try {
      return await work(await entry.classifier)
    } finally {
      entry.users--
      this.disposeIfUnused(entry)
    }
  }

  /** Drops every model of a run (deleted, or its checkpoints changed). */
  forgetRun(runDir: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(`${runDir}\0`)) this.evict(key)
  }

  /** Drops every model. */
  clear(): void {
    for (const key of [...this.entries.keys()]) this.evict(key)
  }

  /** Models held (loaded or loading). */
  get size(): number {
    return this.entries.size
  }

  private entry(key: string, runDir: string, checkpoint: string): Entry {
    const found = this.entries.get(key)
    if (found) {
      // Most recently used last.
      this.entries.delete(key)
      this.entries.set(key, found)
      return found
    }
    const entry: Entry = { classifier: this.load(runDir, checkpoint), users: 0, evicted: false }
    this.entries.set(key, entry)
    // A failed load is not remembered: the next call tries again.
    entry.classifier.catch(() => {
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

  private disposeIfUnused(entry: Entry): void {
    if (entry.evicted && entry.users === 0) {
      entry.classifier.then((c) => c.dispose()).catch(() => undefined)
    }
  }
}
