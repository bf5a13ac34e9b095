import { nextTick, ref, type Ref } from 'vue'
import type { BenchtopApi } from '../../../../shared/api'
import { errorMessage } from '../format'

/**
 * The end of a run's log. A reload keeps the view at the bottom when the reader was there (within
 * 40 px) before it, and leaves it alone when they had scrolled up to read.
 */
export function useRunLog(runId: Ref<string>, api: Pick<BenchtopApi, 'readRunLog'>, view: () => HTMLElement | null | undefined) {
  const log = ref('')
  const logError = ref<string | null>(null)

  async function loadLog(): Promise<void> {
    try {
      const el = view()
      const atEnd = !el || el.scrollHeight - el.scrollTop - el.clientHeight < 40
      const text = await api.readRunLog(runId.value)
      logError.value = null
      if (text === log.value) return
      log.value = text
      if (atEnd) {
        await nextTick()
        const after = view()
        if (after) after.scrollTop = after.scrollHeight
      }
    } catch (error) {
      logError.value = `Could not read the log: ${errorMessage(error)}`
    }
  }

  return { log, logError, loadLog }
}
