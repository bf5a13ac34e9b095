/**
 * Studies on the command line: `benchtop run EXPERIMENT --sweep key=a,b [--sweep ...] [--parallel N]`
 * starts one (the cross product, one seed) and follows it; `benchtop study list|show|cancel`.
 */
import type { BackendName, ConfigValue, StartStudyRequest, StudyDetail, StudyTableRow } from '../../../shared/api'
import { combinationLabel } from '../../../shared/study/crossProduct'
import { parseSweep } from '../../core/studyPlan'
import { parseAssignments } from '../../experiments/config'
import { flagInt, flagList, flagString, parseArgs, UsageError, type ParsedArgs } from '../args'
import { printJson, type CliContext } from '../context'
import { formatDuration, table } from '../format'
import { ProgressBar } from '../progressBar'
import { resolveDataArg } from '../dataArg'
import { queueFromFlags } from '../queueFlags'
import { STUDY_USAGE } from './study.usage'

const pct = (v: number | null) => (v === null ? '-' : (100 * v).toFixed(1))
/** Epochs of a tiny study last well under a second: keep two decimals there. */
const epochTime = (ms: number | null) => (ms === null ? '-' : ms < 10_000 ? `${(ms / 1000).toFixed(2)}s` : formatDuration(ms))

/** The study table as text: the swept values, then final/best accuracies, epoch time, parameters. */
export function formatStudyTable(study: Pick<StudyDetail, 'sweep' | 'table'>): string {
  const keys = study.sweep.map((a) => a.key)
  const header = [...keys, 'status', 'train acc % final/best', 'val acc % final/best', 'epoch time', 'params', 'run']
  const rows = study.table.map((r: StudyTableRow) => [
    ...keys.map((k) => String(r.values[k] ?? '-')),
    r.status,
    `${pct(r.finalTrainAccuracy)} / ${pct(r.bestTrainAccuracy)}`,
    `${pct(r.finalValAccuracy)} / ${pct(r.bestValAccuracy)}`,
    epochTime(r.medianEpochMs),
    r.params === null ? '-' : r.params.toLocaleString('en-US'),
    r.runId,
  ])
  return table(header, rows)
}

function studyJson(study: StudyDetail) {
  return {
    study: study.id,
    runs: study.runs.map((r) => ({
      runId: r.id,
      status: r.status,
      values: study.combinations[study.runIds.indexOf(r.id)] ?? {},
      dir: r.dir,
      ...(r.error ? { error: r.error } : {}),
    })),
    table: study.table,
  }
}

/** `run ... --sweep`: called by the run command with its parsed arguments. */
export async function runStudy(ctx: CliContext, experiment: string, args: ParsedArgs): Promise<number> {
  const request: StartStudyRequest = {
    experiment,
    preset: flagString(args, 'preset'),
    set: parseAssignments(flagList(args, 'set')) as Record<string, ConfigValue>,
    sweep: flagList(args, 'sweep').map(parseSweep),
    parallel: flagInt(args, 'parallel'),
    data: await resolveDataArg(ctx.core, flagString(args, 'data')),
    seed: flagInt(args, 'seed'),
    backend: flagString(args, 'backend') as BackendName | undefined,
    name: flagString(args, 'name'),
  }
  const json = Boolean(args.flags.json)
  const study = await ctx.core.startStudy(request)
  const total = study.runIds.length
  const labelOf = (runId: string) => combinationLabel(study.combinations[study.runIds.indexOf(runId)] ?? {})
  if (!json) {
    const shape = study.sweep.map((a) => `${a.key} (${a.values.length})`).join(' x ')
    const where = study.queue ? `on the workers of ${study.queue}` : `${study.parallel} at a time`
    ctx.stderr.write(`Study ${study.id}: ${total} runs of ${study.experiment} over ${shape}, preset ${study.preset}, seed ${study.seed}, ${where}\n`)
  }
  const bar = !json && ctx.stderr.isTTY && study.parallel === 1 ? new ProgressBar(ctx.stderr) : null
  const unsubscribe = ctx.core.subscribe((event) => {
    const index = study.runIds.indexOf(event.runId)
    if (index < 0 || json) return
    if (event.type === 'run-status' && event.status !== 'queued') {
      bar?.finish()
      const worker = event.status === 'running' ? ctx.core.store.readMeta(event.runId).remote?.worker : null
      const what = event.status === 'running' ? (worker ? `started on worker ${worker}` : 'started') : event.status
      ctx.stderr.write(`[${index + 1}/${total}] ${labelOf(event.runId)}: ${what} (run ${event.runId})${event.error ? `: ${event.error}` : ''}\n`)
      return
    }
    bar?.update(event)
    if (!bar && event.type === 'metrics' && event.name === 'val_accuracy') {
      const p = event.points[event.points.length - 1]
      ctx.stderr.write(`[${index + 1}/${total}] ${labelOf(event.runId)} epoch ${p.epoch}: val_accuracy ${p.value.toFixed(4)}\n`)
    }
  })
  let interrupts = 0
  const onSigint = () => {
    interrupts += 1
    if (interrupts === 1) {
      ctx.stderr.write('\nCancelling the study: queued runs will not start, the running one stops after its step (Ctrl-C again to quit now)...\n')
      void ctx.core.cancelStudy(study.id)
    } else {
      process.exit(130)
    }
  }
  process.on('SIGINT', onSigint)
  try {
    const done = await ctx.core.studies.wait(study.id)
    bar?.finish()
    if (json) printJson(ctx, studyJson(done))
    else ctx.stdout.write(`Study ${done.id}\n${formatStudyTable(done)}\n`)
    const statuses = done.runs.map((r) => r.status)
    return statuses.every((s) => s === 'completed') ? 0 : statuses.includes('cancelled') ? 130 : 1
  } finally {
    unsubscribe()
    process.off('SIGINT', onSigint)
  }
}

/** `study list [--json] | study show STUDY [--json] | study cancel STUDY`. */
export async function study(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, STUDY_USAGE.options)
  const queue = queueFromFlags(args)
  if (queue) ctx.core.useQueue(queue)
  const [action, query, ...rest] = args.positional
  if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`)
  if (action === 'list' || action === undefined) {
    const studies = await ctx.core.listStudies()
    if (args.flags.json) {
      printJson(ctx, studies)
      return 0
    }
    const rows = studies.map((s) => [s.id, s.experiment, s.sweep.map((a) => `${a.key}=${a.values.join(',')}`).join(' '), Object.entries(s.statuses).map(([k, n]) => `${n} ${k}`).join(', ')])
    ctx.stdout.write(table(['study', 'experiment', 'sweep', 'runs'], rows) + '\n')
    return 0
  }
  if (!query) throw new UsageError(`study ${action} needs a study id`)
  if (action === 'show') {
    const s = await ctx.core.getStudy(query)
    if (args.flags.json) printJson(ctx, studyJson(s))
    else ctx.stdout.write(`Study ${s.id} (${s.experiment}, preset ${s.preset}, seed ${s.seed}, ${s.queue ? `on the workers of ${s.queue}` : `${s.parallel} at a time`})\n${formatStudyTable(s)}\n`)
    return 0
  }
  if (action === 'cancel') {
    await ctx.core.cancelStudy(query)
    ctx.stderr.write(`Cancelling study ${query}\n`)
    return 0
  }
  throw new UsageError(`unknown study action '${action}'; actions: list, show, cancel`)
}
