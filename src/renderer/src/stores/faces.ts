/**
 * The Faces page: photos dropped or picked, each read once and sent once to `findFaces` (the core's
 * face process). Descriptors stay here; the distance matrix is computed once per set of faces and
 * the threshold only recolours verdicts and regroups people (no new inference, no API call).
 *
 * `model`: a finished run with the `embed` capability (a triplet run) describes each whole photo
 * instead of face-api; choosing one describes every photo again with it, and the threshold starts
 * at the run's best on its held-out pairs.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { FaceImageResult } from '../../../shared/api'
import { DEFAULT_FACE_THRESHOLD, distanceMatrix, groupFaces, matrixCsv } from '../../../shared/faces/similarity'
import { useApi } from '../api'
import { base64Of, readAsDataUrl } from '../components/fileDrop'
import { errorMessage } from '../components/format'

export type FaceState = 'reading' | 'finding' | 'done' | 'duplicate' | 'error'

export interface FacePhoto {
  key: number
  name: string
  state: FaceState
  url: string | null
  result: FaceImageResult | null
  error: string | null
  /** The name of an earlier photo with the same bytes (this one is not analysed again). */
  duplicateOf: string | null
}

/** One face across all photos, in the matrix's order. */
export interface FaceEntry {
  /** "A1": the photo's letter(s) and the face's number in it. */
  label: string
  photo: string
  photoKey: number
  face: number
  crop: string
  descriptor: number[]
}

/** A, B, ..., Z, AA, AB, ... */
export function photoLetter(index: number): string {
  let s = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

export const useFacesStore = defineStore('faces', () => {
  const photos = ref<FacePhoto[]>([])
  const threshold = ref(DEFAULT_FACE_THRESHOLD)
  /** The embedding run describing the photos, or null for face-api's face pipeline. */
  const model = ref<string | null>(null)
  let nextKey = 1
  /** Bumped when the model changes: answers for an earlier model are dropped. */
  let generation = 0
  /** Base64 of each photo already added, to spot the same image given twice. */
  const seen = new Map<string, string>()
  /** The model whose threshold was taken already (the slider is the user's after that). */
  let thresholdFrom: string | null = null

  function update(key: number, patch: Partial<FacePhoto>): void {
    const photo = photos.value.find((p) => p.key === key)
    if (photo) Object.assign(photo, patch)
  }

  async function findOne(key: number, file: File): Promise<void> {
    try {
      const url = await readAsDataUrl(file)
      const data = base64Of(url)
      const earlier = seen.get(data)
      if (earlier !== undefined) {
        update(key, { url, state: 'duplicate', duplicateOf: earlier })
        return
      }
      seen.set(data, file.name)
      update(key, { url })
      await describe(key, file.name, data)
    } catch (error) {
      const message = errorMessage(error)
      update(key, { state: 'error', error: message.includes(file.name) ? message : `${file.name}: ${message}` })
    }
  }

  /** One photo through the current model; an answer for an earlier model is dropped. */
  async function describe(key: number, name: string, data: string): Promise<void> {
    const asked = generation
    const runId = model.value
    update(key, { state: 'finding', result: null, error: null })
    try {
      const result = runId === null ? await useApi().findFaces({ name, dataBase64: data }) : await useApi().findFaces({ name, dataBase64: data }, runId)
      if (asked !== generation) return
      update(key, { result, state: 'done' })
      if (runId !== null && thresholdFrom !== runId && result.model) {
        thresholdFrom = runId
        if (result.model.threshold !== null) threshold.value = Math.round(result.model.threshold * 100) / 100
      }
    } catch (error) {
      if (asked !== generation) return
      const message = errorMessage(error)
      update(key, { state: 'error', error: message.includes(name) ? message : `${name}: ${message}` })
    }
  }

  /** Describes every photo again with `runId`'s network (null: face-api's faces). */
  async function setModel(runId: string | null): Promise<void> {
    if (runId === model.value) return
    model.value = runId
    generation += 1
    if (runId === null) {
      thresholdFrom = null
      threshold.value = DEFAULT_FACE_THRESHOLD
    }
    const again = photos.value.filter((p) => p.url && p.state !== 'duplicate' && p.state !== 'reading')
    for (const p of again) await describe(p.key, p.name, base64Of(p.url!))
  }

  /** Adds the photos (in the order given, after those already here); one failure never stops the others. */
  async function addFiles(files: Iterable<File>): Promise<void> {
    const added: FacePhoto[] = []
    for (const file of files) added.push({ key: nextKey++, name: file.name, state: 'reading', url: null, result: null, error: null, duplicateOf: null })
    photos.value = [...photos.value, ...added]
    // One at a time: the face process answers in order anyway, and duplicates are seen in order.
    for (const [i, photo] of added.entries()) await findOne(photo.key, [...files][i])
  }

  function remove(key: number): void {
    const photo = photos.value.find((p) => p.key === key)
    if (photo?.url && photo.state !== 'duplicate') seen.delete(base64Of(photo.url))
    photos.value = photos.value.filter((p) => p.key !== key)
  }

  function clear(): void {
    photos.value = []
    seen.clear()
  }

  const faces = computed<FaceEntry[]>(() =>
    photos.value.flatMap((p, i) =>
      (p.result?.faces ?? []).map((f, k) => ({ label: `${photoLetter(i)}${k + 1}`, photo: p.name, photoKey: p.key, face: k, crop: f.cropBase64, descriptor: f.descriptor })),
    ),
  )
  /** Depends on the faces only: moving the threshold never recomputes it. */
  const matrix = computed(() => distanceMatrix(faces.value.map((f) => f.descriptor)))
  const groups = computed(() => groupFaces(matrix.value, threshold.value))

  function csv(): string {
    return matrixCsv(
      faces.value.map((f) => `${f.label} ${f.photo}`),
      matrix.value,
    )
  }

  /** The run and checkpoint that described the photos shown, when a model is chosen. */
  const modelInfo = computed(() => (model.value === null ? null : (photos.value.find((p) => p.result?.model)?.result?.model ?? null)))

  return { photos, threshold, model, modelInfo, faces, matrix, groups, addFiles, remove, clear, csv, setModel }
})
