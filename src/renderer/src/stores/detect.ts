/**
 * The Detect page: images dropped or picked, each read once, sent once to `detectCandidates`, and
 * its candidates cached. The NMS settings live here; moving a slider re-runs only NMS (in the
 * card, from these settings), never the network.
 */
import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { DetectionResult } from '../../../shared/api'
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
}

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

  function update(key: number, patch: Partial<DetectItem>): void {
    const item = items.value.find((i) => i.key === key)
    if (item) Object.assign(item, patch)
  }

  async function detectOne(key: number, file: File): Promise<void> {
    try {
      const url = await readAsDataUrl(file)
      update(key, { url, state: 'detecting' })
      const result = await useApi().detectCandidates({ name: file.name, dataBase64: base64Of(url) })
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
      added.push({ key, name: file.name, state: 'reading', url: null, result: null, error: null })
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
    Object.assign(settings, { scoreThreshold: DEFAULT_SCORE, iouThreshold: DEFAULT_IOU, maxDetections: DEFAULT_MAX, classAgnostic: false })
  }

  return { items, settings, addFiles, remove, clear, resetSettings }
})
