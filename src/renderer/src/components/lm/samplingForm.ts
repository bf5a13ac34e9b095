/** The sampling lab's settings: defaults (each with its reason) and the checks run before asking the core. */
import { LM_MAX_SAMPLES, type LmSampleRequest } from '../../../../shared/lm/api'

export interface SampleForm {
  n: number
  temperature: number
  topK: number
  seed: number
}

export const SAMPLE_DEFAULTS: SampleForm = {
  // Enough words to see what the model makes of English, few enough to read at a glance.
  n: 10,
  // The model's own distribution: the letter colours then mean what the model believes.
  temperature: 1,
  // The seed suggests restricting sampling to the top-3 letters for more word-like output.
  topK: 3,
  // A fixed seed: Sample again shows the same words until the seed or a setting changes.
  seed: 1,
}

/** What is wrong with the form, or null; the same ranges the core enforces. */
export function sampleFormProblem(form: SampleForm): string | null {
  if (!Number.isInteger(form.n) || form.n < 1 || form.n > LM_MAX_SAMPLES) return `Words: a whole number from 1 to ${LM_MAX_SAMPLES}`
  if (!(form.temperature > 0) || !Number.isFinite(form.temperature)) return 'Temperature: a number above 0'
  if (!Number.isInteger(form.topK) || form.topK < 0 || form.topK > 27) return 'Top-k: a whole number from 0 (all 27 symbols) to 27'
  if (!Number.isInteger(form.seed) || form.seed < 0 || form.seed >= 2 ** 32) return 'Seed: a whole number from 0 to 4294967295'
  return null
}

export function sampleRequest(form: SampleForm, checkpoint: string | null): LmSampleRequest {
  return { n: form.n, temperature: form.temperature, topK: form.topK, seed: form.seed, ...(checkpoint ? { checkpoint } : {}) }
}
