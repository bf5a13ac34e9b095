import { reactive, ref, type Ref } from 'vue'
import type { BenchtopApi, ImageRecord } from '../../../../shared/api'
import { errorMessage } from '../format'
import { pngDataUrl } from './imageSteps'

/**
 * A run's images (`images` outputs): the list once, then the core's `image` events append; the
 * PNG bytes are read when an image is first shown and kept as data URLs.
 */
export function useRunImages(api: Pick<BenchtopApi, 'listRunImages' | 'readRunImage'>, runId: Ref<string>) {
  const images = ref<ImageRecord[]>([])
  const urls = reactive<Record<string, string>>({})
  const error = ref<string | null>(null)
  const pending = new Set<string>()

  async function load(): Promise<void> {
    try {
      const list = await api.listRunImages(runId.value)
      const known = new Set(list.map((i) => i.file))
      // Events may have brought images the list did not have yet.
      images.value = [...list, ...images.value.filter((i) => !known.has(i.file))].sort((a, b) => a.step - b.step)
      error.value = null
    } catch (e) {
      error.value = `Could not list the run's images: ${errorMessage(e)}`
    }
  }

  function receive(image: ImageRecord): void {
    if (images.value.some((i) => i.file === image.file)) return
    images.value = [...images.value, image].sort((a, b) => a.step - b.step)
    delete urls[image.file]
  }

  /** The image's data URL, read on first use ('' until it arrives). */
  function urlOf(file: string): string {
    if (!(file in urls) && !pending.has(file)) {
      pending.add(file)
      api
        .readRunImage(runId.value, file)
        .then((data) => (urls[file] = pngDataUrl(data.dataBase64)))
        .catch((e) => (error.value = `Could not read ${file}: ${errorMessage(e)}`))
        .finally(() => pending.delete(file))
    }
    return urls[file] ?? ''
  }

  return { images, error, load, receive, urlOf }
}
