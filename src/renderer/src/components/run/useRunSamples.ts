import { reactive } from 'vue'
import type { BenchtopApi } from '../../../../shared/api'
import { errorMessage } from '../format'

/** The newest record of one sample stream (confusion, predictions, …), or null when it has none. */
export type LatestSample = { step: number; value: unknown } | null

/**
 * The newest record of each of a run's sample streams: each file is read once, then the core's
 * `sample` events replace the record; a read never replaces a newer record an event brought.
 */
export function useRunSamples(api: Pick<BenchtopApi, 'readSamples'>) {
  const samples = reactive<Record<string, LatestSample>>({})
  const sampleErrors = reactive<Record<string, string>>({})
  const requestedSamples = new Set<string>()

  async function loadSample(runId: string, name: string): Promise<void> {
    if (requestedSamples.has(name)) return
    requestedSamples.add(name)
    try {
      const records = await api.readSamples(runId, name)
      const last = records[records.length - 1]
      if (!(name in samples) || samples[name] === null || (last && last.step >= (samples[name]?.step ?? -1))) {
        samples[name] = last ? { step: last.step, value: last.value } : null
      }
    } catch (error) {
      sampleErrors[name] = `Could not read the ${name} samples: ${errorMessage(error)}`
    }
  }

  function receiveSample(name: string, step: number, value: unknown): void {
    samples[name] = { step, value }
    requestedSamples.add(name)
  }

  return { samples, sampleErrors, loadSample, receiveSample }
}
