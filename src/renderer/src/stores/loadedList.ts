/** The load pattern the datasets and experiments stores share. */
import { ref, type Ref } from 'vue'
import { errorMessage } from '../components/format'

/**
 * A list fetched from the core with `loaded` / `loading` / `error` beside it, for a setup store to
 * return. `load()` fetches once and then answers from memory; calls while a fetch is under way share
 * it; `load(true)` fetches again. A failed fetch keeps the previous list and sets `error`.
 */
export function useLoadedList<T>(fetchList: () => Promise<T[]>) {
  // A plain ref (not shallow): stores change the list in place, e.g. after an import.
  const list = ref([]) as Ref<T[]>
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let pending: Promise<T[]> | null = null

  function load(force = false): Promise<T[]> {
    if (loaded.value && !force) return Promise.resolve(list.value)
    if (pending && !force) return pending
    loading.value = true
    const request = (async () => {
      try {
        list.value = await fetchList()
        loaded.value = true
        error.value = null
      } catch (e) {
        error.value = errorMessage(e)
      } finally {
        loading.value = false
        pending = null
      }
      return list.value
    })()
    pending = request
    return request
  }

  return { list, loaded, loading, error, load }
}
