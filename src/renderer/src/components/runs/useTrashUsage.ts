import { ref, watch, type Ref } from 'vue'
import type { BenchtopApi, EmptiedTrash, TrashUsage } from '../../../../shared/api'
import { errorMessage } from '../format'

/**
 * The trash's size (per run and in all), re-read whenever the list of trashed runs changes, and
 * emptying it: asked first (`askToEmpty`), done on `confirmEmpty`, then `onEmptied` re-reads the list.
 */
export function useTrashUsage(api: Pick<BenchtopApi, 'trashUsage' | 'emptyTrash'>, trashIds: Ref<readonly string[]>, onEmptied: () => Promise<unknown> | void) {
  const usage = ref<TrashUsage | null>(null)
  const error = ref<string | null>(null)
  const confirming = ref(false)
  const emptying = ref(false)
  const emptied = ref<EmptiedTrash | null>(null)

  async function load(): Promise<void> {
    try {
      usage.value = await api.trashUsage()
      error.value = null
    } catch (e) {
      error.value = `Could not measure the trash: ${errorMessage(e)}`
    }
  }

  function bytesOf(id: string): number | null {
    return usage.value?.runs.find((r) => r.id === id)?.bytes ?? null
  }

  /** Shows the confirmation with a fresh size. */
  async function askToEmpty(): Promise<void> {
    emptied.value = null
    await load()
    confirming.value = true
  }

  async function confirmEmpty(): Promise<void> {
    emptying.value = true
    try {
      emptied.value = await api.emptyTrash()
      confirming.value = false
      await onEmptied()
    } catch (e) {
      error.value = `Could not empty the trash: ${errorMessage(e)}`
    } finally {
      emptying.value = false
    }
  }

  watch(() => trashIds.value.join(','), load, { immediate: true })

  return { usage, error, confirming, emptying, emptied, bytesOf, askToEmpty, confirmEmpty, load }
}
