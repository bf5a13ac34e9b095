/**
 * Finding a run from what a person typed on the command line: the full id, the start of an id
 * (`20261127-04`), or the run's name. An answer is only given when it is unique.
 */
import { RunStoreError } from './errors'

export interface RunIdentity {
  id: string
  name: string
}

const MAX_LISTED = 10

/** `runs` are the runs outside the trash; `trashed` only improves the message when nothing matches. */
export function resolveRunIdAmong(
  query: string,
  runs: readonly RunIdentity[],
  trashed: readonly RunIdentity[],
  runsDir: string,
): string {
  const wanted = query.trim()
  if (wanted === '') throw new RunStoreError('no run given: pass a run id, the start of one, or a run name')
  if (runs.some((run) => run.id === wanted)) return wanted

  const matches = runs.filter((run) => run.id.startsWith(wanted) || run.name === wanted)
  if (matches.length === 1) return matches[0]!.id
  if (matches.length > 1) {
    const sorted = [...matches].sort((a, b) => b.id.localeCompare(a.id))
    const listed = sorted.slice(0, MAX_LISTED).map((run) => `  ${run.id}  ${run.name}`)
    const more = sorted.length > MAX_LISTED ? [`  ... and ${sorted.length - MAX_LISTED} more`] : []
    throw new RunStoreError(
      [`'${wanted}' matches ${matches.length} runs; give more of the id:`, ...listed, ...more].join('\n'),
    )
  }

  const inTrash = trashed.filter((run) => run.id.startsWith(wanted) || run.name === wanted)
  const hint = inTrash.length > 0 ? `; deleted run(s) in the trash match: ${inTrash.map((run) => run.id).join(', ')}` : ''
  throw new RunStoreError(`no run matches '${wanted}' in ${runsDir} (by id, id prefix or name)${hint}`)
}
