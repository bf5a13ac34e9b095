import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import type { CoreEvent, StudyDetail } from '../../../../shared/api'
import { useApi } from '../../api'
import { errorText } from '../../charts/compare'

/** How long to gather events before reading the study (and its table) again. */
const RELOAD_DELAY_MS = 400

/**
 * One study from the core, read again when one of its runs changes status or finishes an epoch
 * (the table's numbers come from the metric files, so the core recomputes them).
 */
export function useStudy(id: Ref<string>) {
  const api = useApi()
  const study = ref<StudyDetail | null>(null)
  const error = ref<string | null>(null)
  const loading = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null
  let disposed = false
  let generation = 0

  async function load(): Promise<void> {
    const wanted = id.value
    const mine = ++generation
    loading.value = true
    try {
      const detail = await api.getStudy(wanted)
      if (disposed || mine !== generation) return
      study.value = detail
      error.value = null
    } catch (e) {
      if (disposed || mine !== generation) return
      error.value = errorText(e) || 'could not read the study'
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  function reloadSoon(): void {
    if (timer || disposed) return
    timer = setTimeout(() => {
      timer = null
      void load()
    }, RELOAD_DELAY_MS)
  }

  function onEvent(event: CoreEvent): void {
    if (!study.value?.runIds.includes(event.runId)) return
    if (event.type === 'run-status') reloadSoon()
    else if (event.type === 'metrics' && (event.name === 'val_accuracy' || event.name === 'epoch_accuracy')) reloadSoon()
  }

  let unsubscribe: (() => void) | null = null
  try {
    unsubscribe = api.subscribe(onEvent)
  } catch {
    unsubscribe = null
  }
  watch(id, () => {
    study.value = null
    void load()
  }, { immediate: true })
  onBeforeUnmount(() => {
    disposed = true
    if (timer) clearTimeout(timer)
    unsubscribe?.()
  })

  return { study, error, loading, reload: load }
}
