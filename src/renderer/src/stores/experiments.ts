/** The experiments the core offers; they do not change while the app runs, so loaded once. */
import { defineStore } from 'pinia'
import type { ExperimentInfo } from '../../../shared/api'
import { useApi } from '../api'
import { useLoadedList } from './loadedList'

export const useExperimentsStore = defineStore('experiments', () => {
  const { list, loaded, loading, error, load } = useLoadedList<ExperimentInfo>(() => useApi().listExperiments())

  function byId(id: string | null | undefined): ExperimentInfo | undefined {
    return id ? list.value.find((e) => e.id === id) : undefined
  }

  return { list, loaded, loading, error, load, byId }
})
