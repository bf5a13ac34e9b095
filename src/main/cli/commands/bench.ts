import { BACKEND_ORDER, type BackendName, type ConfigValue } from '../../../shared/api'
import { flagInt, flagList, flagString, parseArgs, UsageError } from '../args'
import { parseAssignments } from '../../experiments/config'
import { printJson, type CliContext } from '../context'

/**
 * `benchtop bench step EXPERIMENT [--preset P] [--set key=value]... [--batch N] [--steps N]
 * [--backend B] [--seed N] [--profile] [--json]`: times training steps of an experiment on a
 * random batch in this process (one untimed warm-up step first) and prints the median, so
 * Benchtop's numbers can be set beside another tool's. --profile adds the per-kernel
 * milliseconds of one more step (tf.profile, summed by kernel, the 25 largest).
 */
export async function bench(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv
  if (sub !== 'step') throw new UsageError(sub ? `unknown bench '${sub}'; benches: step` : 'bench needs what to time: benchtop bench step EXPERIMENT')
  const args = parseArgs(rest, {
    preset: { value: true },
    set: { value: true, repeat: true },
    batch: { value: true },
    steps: { value: true },
    backend: { value: true },
    seed: { value: true },
    profile: {},
    json: {},
  })
  const [experimentId, ...extra] = args.positional
  if (!experimentId) throw new UsageError('bench step needs an experiment: benchtop bench step EXPERIMENT')
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`)
  const steps = flagInt(args, 'steps') ?? 10
  if (steps < 1) throw new UsageError(`--steps must be at least 1, got ${steps}`)
  const batch = flagInt(args, 'batch')
  const seed = flagInt(args, 'seed') ?? 1
  const backendName = flagString(args, 'backend')
  if (backendName !== undefined && !(BACKEND_ORDER as readonly string[]).includes(backendName)) {
    throw new UsageError(`unknown backend '${backendName}'; valid backends: ${BACKEND_ORDER.join(', ')}`)
  }
  const overrides: Record<string, ConfigValue> = parseAssignments(flagList(args, 'set'))
  if (batch !== undefined) overrides.batch = batch

  // TensorFlow.js loads only here, not for every command.
  const { median, round } = await import('../../bench/stats')
  const { openBenchStep, profileStep, timeSteps } = await import('../../bench/stepBench')
  const opened = await openBenchStep({ experiment: experimentId, preset: flagString(args, 'preset'), overrides, backend: backendName as BackendName | undefined, seed })
  try {
    const times = await timeSteps(opened.bench, steps)
    const profile = args.flags.profile ? await profileStep(opened.bench) : null
    const result = {
      experiment: opened.experiment,
      backend: opened.backend,
      config: opened.config,
      batch: opened.config.batch,
      step_ms: round(median(times)),
      steps,
      times_ms: times.map((t) => round(t)),
      model: opened.bench.description,
      ...(profile ? { profile: { kernel_ms: profile.kernelMs, kernel_calls: profile.kernelCalls, kernels: profile.kernels } } : {}),
    }
    if (args.flags.json) {
      printJson(ctx, result)
      return 0
    }
    const out = (line: string) => ctx.stdout.write(line + '\n')
    out(`${result.experiment} on ${result.backend}: ${result.model}, batch ${String(result.batch)}`)
    out(`step: median ${result.step_ms} ms over ${steps} step${steps === 1 ? '' : 's'} (after 1 warm-up step); min ${round(Math.min(...times))} ms, max ${round(Math.max(...times))} ms`)
    if (profile) {
      out('')
      out(`one profiled step: ${profile.kernelCalls} kernels, ${profile.kernelMs} ms in them (rows named *__op wrap the kernels beneath them and are not added)`)
      out(`${'kernel'.padEnd(28)}${'calls'.padStart(7)}${'ms'.padStart(11)}`)
      for (const k of profile.kernels) out(`${k.kernel.padEnd(28)}${String(k.calls).padStart(7)}${k.ms.toFixed(1).padStart(11)}`)
    }
    return 0
  } finally {
    opened.bench.dispose()
  }
}
