/** The engine doctor's report: which backends were tried, which one trains, and why. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { EngineReport } from '../../../shared/api'
import { useApi } from '../api'
import { errorMessage } from '../components/format'

export const useEngineStore = defineStore('engine', () => {
  const report = ref<EngineReport | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let pending: Promise<EngineReport | null> | null = null

  let generation = 0

  function fetchReport(refresh: boolean): Promise<EngineReport | null> {
    const mine = ++generation
    loading.value = true
    error.value = null
    const request = (async () => {
      try {
        const result = await useApi().engineReport(refresh)
        if (mine === generation) report.value = result
        return result
      } catch (e) {
        if (mine === generation) error.value = errorMessage(e)
        return null
      } finally {
        if (mine === generation) {
          loading.value = false
          pending = null
        }
      }
    })()
    pending = request
    return request
  }

  /** The report, probed once (the core caches it too). */
  function load(): Promise<EngineReport | null> {
    if (report.value) return Promise.resolve(report.value)
    return pending ?? fetchReport(false)
  }

  /** Probes every backend again. */
  function refresh(): Promise<EngineReport | null> {
    return fetchReport(true)
  }

  return { report, loading, error, load, refresh }
})
