import type { CliContext } from '../context'
import { printJson } from '../context'
import { ProgressBar } from '../progressBar'

/**
 * Waits for a run this process started, with a progress bar on a terminal. Ctrl-C asks the
 * run to stop after its current step; a second Ctrl-C stops the command at once (the run is
 * then listed as interrupted and can be resumed).
 */
export async function followRun(ctx: CliContext, runId: string, json: boolean): Promise<number> {
  const bar = !json && ctx.stderr.isTTY ? new ProgressBar(ctx.stderr) : null
  const unsubscribe = ctx.core.subscribe((event) => {
    if (event.runId !== runId) return
    bar?.update(event)
    if (!bar && !json && event.type === 'metrics' && event.name.startsWith('val_')) {
      const p = event.points[event.points.length - 1]
      ctx.stderr.write(`epoch ${p.epoch}: ${event.name} ${p.value.toFixed(4)}\n`)
    }
  })
  let interrupts = 0
  const onSigint = () => {
    interrupts += 1
    if (interrupts === 1) {
      ctx.stderr.write('\nStopping after the current step (Ctrl-C again to quit now)...\n')
      void ctx.core.cancelRun(runId)
    } else {
      process.exit(130)
    }
  }
  process.on('SIGINT', onSigint)
  try {
    const run = await ctx.core.waitForRun(runId)
    bar?.finish()
    const metrics: Record<string, number> = { ...run.latest }
    if (json) {
      printJson(ctx, { runId: run.id, status: run.status, metrics, dir: run.dir, ...(run.error ? { error: run.error } : {}) })
    } else {
      ctx.stdout.write(`Run ${run.id} ${run.status}${run.error ? `: ${run.error}` : ''}\n`)
      for (const [name, value] of Object.entries(metrics)) ctx.stdout.write(`  ${name.padEnd(16)} ${value.toFixed(4)}\n`)
      ctx.stdout.write(`  folder           ${run.dir}\n`)
    }
    return run.status === 'completed' ? 0 : run.status === 'cancelled' ? 130 : 1
  } finally {
    unsubscribe()
    process.off('SIGINT', onSigint)
  }
}
