/**
 * Loaded classifiers kept per (run, checkpoint), so a second image on the same run's page does
 * not rebuild the model. Least recently used first out; an evicted model is disposed (its
 * weights freed) as soon as no call is still using it (`core/modelCache.ts`).
 */
import { ModelCache } from '../core/modelCache'
import type { Classifier } from './loadClassifier'

export type ClassifierLoader = (runDir: string, checkpoint: string) => Promise<Classifier>

export class ClassifierCache {
  private readonly models: ModelCache<Classifier>

  /** `capacity`: models kept at once (a ResNet-50's weights take about 100 MB each). */
  constructor(
    private readonly load: ClassifierLoader,
    capacity = 2,
  ) {
    this.models = new ModelCache(capacity)
  }

  /** Runs `work` with the classifier of `runDir` at `checkpoint` (a resolved name), loading it on first use. */
  use<T>(runDir: string, checkpoint: string, work: (classifier: Classifier) => Promise<T>): Promise<T> {
    return this.models.use(`${runDir}\0${checkpoint}`, () => this.load(runDir, checkpoint), work)
  }

  /** Drops every model of a run (deleted, or its checkpoints changed). */
  forgetRun(runDir: string): void {
    this.models.forget(`${runDir}\0`)
  }

  /** Drops every model. */
  clear(): void {
    this.models.clear()
  }

  /** Models held (loaded or loading). */
  get size(): number {
    return this.models.size
  }
}
