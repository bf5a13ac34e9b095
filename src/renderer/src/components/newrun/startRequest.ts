import type { BackendName, ConfigValue, StartRunRequest } from '../../../../shared/api'

/** What the New run form holds, in the shape that decides what is sent. */
export interface StartRunForm {
  experiment: string
  preset: string
  /** Only the values that differ from the preset. */
  set: Record<string, ConfigValue>
  data: string
  seed: number | undefined
  backend: BackendName | ''
  name: string
  /** A fork: the run and checkpoint it begins from. */
  from?: { runId: string; checkpoint: string }
}

/** The request "Start run" sends: empty choices are left out so the core applies its defaults. */
export function startRequest(form: StartRunForm): StartRunRequest {
  const name = form.name.trim()
  return {
    experiment: form.experiment,
    ...(form.preset ? { preset: form.preset } : {}),
    ...(Object.keys(form.set).length > 0 ? { set: { ...form.set } } : {}),
    ...(form.data ? { data: form.data } : {}),
    ...(form.seed !== undefined ? { seed: form.seed } : {}),
    ...(form.backend ? { backend: form.backend } : {}),
    ...(name ? { name } : {}),
    ...(form.from ? { from: { ...form.from } } : {}),
  }
}
