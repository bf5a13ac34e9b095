/** The experiments the core offers; they do not change while the app runs, so loaded once. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ExperimentInfo } from '../../../shared/api'
import { useApi } from '../api'
import { errorMessage } from '../components/format'

export const useExperimentsStore = defineStore('experiments', () => {
  const list = ref<ExperimentInfo[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let pending: Promise<ExperimentInfo[]> | null = null

  function load(force = false): Promise<ExperimentInfo[]> {
    if (loaded.value && !force) return Promise.resolve(list.value)
    if (pending && !force) return pending
    loading.value = true
    const request = (async () => {
      try {
        list.value = await useApi().listExperiments()
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

  function byId(id: string | null | undefined): ExperimentInfo | undefined {
    return id ? list.value.find((e) => e.id === id) : undefined
  }

  return { list, loaded, loading, error, load, byId }
})
