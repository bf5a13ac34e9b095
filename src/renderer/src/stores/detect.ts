/**
 * The Detect page: images dropped or picked, each read once, sent once to `detectCandidates`, and
 * its candidates cached. The NMS settings live here; moving a slider re-runs only NMS (in the
 * card, from these settings), never the network.
 */
import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { DetectionResult, RunSummary } from '../../../shared/api'
import { DEFAULT_IOU, DEFAULT_MAX, DEFAULT_SCORE } from '../../../shared/detection/defaults'
import { useApi } from '../api'
import { base64Of, readAsDataUrl } from '../components/fileDrop'
import { errorMessage } from '../components/format'
import type { NmsSettings } from '../components/detect/detectView'

export type DetectState = 'reading' | 'detecting' | 'done' | 'error'

export interface DetectItem {
  key: number
  name: string
  state: DetectState
  /** A data: URL of the file, to show it. */
  url: string | null
  result: DetectionResult | null
  error: string | null
  /** The file, kept so choosing another model can detect in it again. */
  file: File
}

/** A detector the page offers: CenterNet (runId null) or a finished run whose experiment can detect. */
export interface DetectModelChoice {
  runId: string | null
  label: string
}

export const CENTERNET_CHOICE: DetectModelChoice = { runId: null, label: 'CenterNet (COCO, 80 classes, pretrained)' }

export const useDetectStore = defineStore('detect', () => {
  const items = ref<DetectItem[]>([])
  const settings = reactive<NmsSettings & { showSuppressed: boolean }>({
    scoreThreshold: DEFAULT_SCORE,
    iouThreshold: DEFAULT_IOU,
    maxDetections: DEFAULT_MAX,
    classAgnostic: false,
    showSuppressed: false,
  })
  let nextKey = 1
  /** The model that detects: null for CenterNet, else a finished run's id. */
  const model = ref<string | null>(null)
  const models = ref<DetectModelChoice[]>([CENTERNET_CHOICE])
  const modelsError = ref<string | null>(null)
  /** The run whose thresholds the sliders were last set to (set once per model choice). */
  let thresholdsFrom: string | null = null

  /** CenterNet and every completed run of an experiment with the `detect` capability, newest first. */
  async function loadModels(): Promise<void> {
    try {
      const api = useApi()
      const [experiments, runs] = await Promise.all([api.listExperiments(), api.listRuns()])
      const detecting = new Set(experiments.filter((e) => e.capabilities.includes('detect')).map((e) => e.id))
      const finished = runs.filter((r: RunSummary) => detecting.has(r.experiment) && r.status === 'completed')
      models.value = [CENTERNET_CHOICE, ...finished.map((r) => ({ runId: r.id, label: `${r.name || r.id} (${r.experiment}, ${r.id})` }))]
      modelsError.value = null
    } catch (error) {
      modelsError.value = errorMessage(error)
    }
  }

  /** Chooses the detector and detects again in every image with it. */
  function chooseModel(runId: string | null): Promise<void> {
    model.value = runId
    if (runId === null) {
      thresholdsFrom = null
      resetSettings()
    }
    const jobs = items.value.map((item) => {
      update(item.key, { state: 'detecting', result: null, error: null })
      return detectOne(item.key, item.file)
    })
    return Promise.all(jobs).then(() => undefined)
  }

  function update(key: number, patch: Partial<DetectItem>): void {
    const item = items.value.find((i) => i.key === key)
    if (item) Object.assign(item, patch)
  }

  async function detectOne(key: number, file: File): Promise<void> {
    try {
      const url = await readAsDataUrl(file)
      update(key, { url, state: 'detecting' })
      const runId = model.value
      const image = { name: file.name, dataBase64: base64Of(url) }
      const result = runId === null ? await useApi().detectCandidates(image) : await useApi().detectCandidates(image, runId)
      if (runId !== model.value) return // another model was chosen meanwhile; its detection updates the card
      // A trained run brings its own thresholds: the sliders start from them.
      if (result.model && thresholdsFrom !== result.model.runId) {
        thresholdsFrom = result.model.runId
        Object.assign(settings, { scoreThreshold: result.model.scoreThreshold, iouThreshold: result.model.iouThreshold })
      }
      update(key, { result, state: 'done' })
    } catch (error) {
      const message = errorMessage(error)
      update(key, { state: 'error', error: message.includes(file.name) ? message : `${file.name}: ${message}` })
    }
  }

  /** Adds the files as cards (newest first) and detects in each; one failure never stops the others. */
  function addFiles(files: Iterable<File>): Promise<void> {
    const jobs: Promise<void>[] = []
    const added: DetectItem[] = []
    for (const file of files) {
      const key = nextKey++
      added.push({ key, name: file.name, state: 'reading', url: null, result: null, error: null, file })
      jobs.push(Promise.resolve().then(() => detectOne(key, file)))
    }
    items.value = [...added, ...items.value]
    return Promise.all(jobs).then(() => undefined)
  }

  function remove(key: number): void {
    items.value = items.value.filter((i) => i.key !== key)
  }

  function clear(): void {
    items.value = []
  }

  function resetSettings(): void {
    const run = items.value.find((i) => i.result?.model)?.result?.model
    const fromRun = model.value !== null && run?.runId === model.value ? run : null
    Object.assign(settings, {
      scoreThreshold: fromRun?.scoreThreshold ?? DEFAULT_SCORE,
      iouThreshold: fromRun?.iouThreshold ?? DEFAULT_IOU,
      maxDetections: DEFAULT_MAX,
      classAgnostic: false,
    })
  }

  return { items, settings, model, models, modelsError, loadModels, chooseModel, addFiles, remove, clear, resetSettings }
})
