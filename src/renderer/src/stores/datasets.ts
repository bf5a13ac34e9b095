/** Built-in and imported datasets, their previews (cached per id) and importing a folder. */
import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { DatasetInfo, DatasetPreview } from '../../../shared/api'
import { useApi } from '../api'
import { errorMessage } from '../components/format'
import { useLoadedList } from './loadedList'

export const useDatasetsStore = defineStore('datasets', () => {
  const { list, loaded, loading, error, load } = useLoadedList<DatasetInfo>(() => useApi().listDatasets())
  const importing = ref(false)
  const importError = ref<string | null>(null)
  const previews = reactive<Record<string, DatasetPreview>>({})
  const previewErrors = reactive<Record<string, string>>({})
  const previewLoading = reactive<Record<string, boolean>>({})
  const pendingPreviews = new Map<string, Promise<DatasetPreview | null>>()

  function byId(id: string | null | undefined): DatasetInfo | undefined {
    return id ? list.value.find((d) => d.id === id) : undefined
  }

  /** Imports a folder or file; null (and `importError` set) when the core refused it. */
  async function importDataset(path: string, name?: string): Promise<DatasetInfo | null> {
    importing.value = true
    importError.value = null
    try {
      const trimmedName = name?.trim()
      const info = await useApi().importDataset(path, trimmedName ? trimmedName : undefined)
      const index = list.value.findIndex((d) => d.id === info.id)
      if (index >= 0) list.value.splice(index, 1, info)
      else list.value.push(info)
      delete previews[info.id]
      return info
    } catch (e) {
      importError.value = errorMessage(e)
      return null
    } finally {
      importing.value = false
    }
  }

  /** The preview of a dataset, fetched once per id. */
  function preview(id: string): Promise<DatasetPreview | null> {
    if (previews[id]) return Promise.resolve(previews[id])
    const existing = pendingPreviews.get(id)
    if (existing) return existing
    previewLoading[id] = true
    delete previewErrors[id]
    const request = (async () => {
      try {
        const result = await useApi().datasetPreview(id)
        previews[id] = result
        return result
      } catch (e) {
        previewErrors[id] = errorMessage(e)
        return null
      } finally {
        delete previewLoading[id]
        pendingPreviews.delete(id)
      }
    })()
    pendingPreviews.set(id, request)
    return request
  }

  return { list, loaded, loading, error, importing, importError, previews, previewErrors, previewLoading, load, byId, importDataset, preview }
})
