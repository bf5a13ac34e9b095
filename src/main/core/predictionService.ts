/**
 * `predictImages` and `modelSummary` for the core. TensorFlow.js and the models load on the
 * first call (the core starts without them); models are cached per (run, checkpoint) and model
 * views per run (params.json is written once, so a run's network never changes).
 */
import type { DetectImage } from '../../shared/api'
import type { ModelSummary, PredictionResult } from '../../shared/prediction'
import type { ClassifierCache } from '../predict'

type PredictModule = typeof import('../predict')

export class PredictionService {
  private module: Promise<PredictModule> | null = null
  private cache: ClassifierCache | null = null
  private readonly summaries = new Map<string, Promise<ModelSummary>>()

  constructor(private readonly home: string) {}

  async predictImages(runDir: string, images: readonly DetectImage[], checkpoint?: string): Promise<PredictionResult> {
    const predict = await this.load()
    const name = predict.chooseCheckpoint(runDir, checkpoint)
    // Fails early, with the reason, for a run that is not an image classifier.
    await predict.readClassifierRun(runDir, this.home)
    this.cache ??= new predict.ClassifierCache((dir, cp) => predict.loadClassifier(dir, { checkpoint: cp, home: this.home }))
    return this.cache.use(runDir, name, async (classifier) => {
      const inputs = images.map((image) => ({ file: image.name, bytes: new Uint8Array(Buffer.from(image.dataBase64, 'base64')) }))
      return {
        runId: classifier.run.runId,
        checkpoint: classifier.checkpoint.name,
        epoch: classifier.checkpoint.epoch,
        size: classifier.run.size,
        backend: classifier.backend,
        classes: classifier.run.classes,
        predictions: await predict.classifyImages(classifier, inputs),
      }
    })
  }

  modelSummary(runDir: string): Promise<ModelSummary> {
    let summary = this.summaries.get(runDir)
    if (!summary) {
      summary = this.load().then(async (predict) => predict.summarizeClassifier(await predict.readClassifierRun(runDir, this.home)))
      this.summaries.set(runDir, summary)
      summary.catch(() => this.summaries.delete(runDir))
    }
    return summary
  }

  /** Frees what is held for a run (it was deleted). */
  forgetRun(runDir: string): void {
    this.cache?.forgetRun(runDir)
    this.summaries.delete(runDir)
  }

  shutdown(): void {
    this.cache?.clear()
  }

  private load(): Promise<PredictModule> {
    this.module ??= import('../predict')
    return this.module
  }
}
