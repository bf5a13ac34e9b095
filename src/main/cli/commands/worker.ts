/**
 * `benchtop worker --queue redis://HOST:PORT [--concurrency N] [--backend B] [--name NAME]
 * [--data-root DIR]... [--queue-password-file FILE]`: trains runs that coordinators put on the
 * queue, in this process's $BENCHTOP_HOME, until Ctrl-C (first: finish the running runs and stop;
 * second: stop now, the runs go back to the queue and resume on another worker).
 */
import { existsSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { BackendName } from '../../../shared/api'
import { BACKEND_ORDER } from '../../../shared/api'
import { queueConnection } from '../../cluster/connection'
import { QueueWorker } from '../../cluster/queueWorker'
import { benchtopHome } from '../../paths'
import { flagInt, flagList, flagString, parseArgs, UsageError } from '../args'
import type { CliContext } from '../context'
import { queueFromFlags } from '../queueFlags'
import { WORKER_USAGE } from './worker.usage'

function positiveInt(value: number | undefined, flag: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback
  if (value < 1 || value > max) throw new UsageError(`--${flag} must be from 1 to ${max}, got ${value}`)
  return value
}

export async function worker(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, WORKER_USAGE.options)
  if (args.positional.length) throw new UsageError(`unexpected argument '${args.positional[0]}'`)
  const target = queueFromFlags(args)
  if (!target) throw new UsageError('worker needs --queue redis://HOST:PORT (the Redis the coordinators use)')
  const backend = flagString(args, 'backend') as BackendName | undefined
  if (backend && !BACKEND_ORDER.includes(backend)) throw new UsageError(`unknown backend '${backend}'; valid backends: ${BACKEND_ORDER.join(', ')}`)
  const dataRoots = flagList(args, 'data-root').map((d) => path.resolve(d))
  for (const root of dataRoots) {
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--data-root ${root}: no such folder`)
  }
  const name = flagString(args, 'name') ?? os.hostname()
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new UsageError(`--name '${name}': use 1-64 letters, digits, '_', '.' or '-'`)
  const lockDurationMs = positiveInt(flagInt(args, 'lock-ms'), 'lock-ms', 30_000)
  const connection = queueConnection(target)
  const log = (line: string) => ctx.stderr.write(`${new Date().toISOString().slice(11, 19)} [${name}] ${line}\n`)
  const queueWorker = new QueueWorker({
    home: benchtopHome(),
    connection,
    name,
    concurrency: positiveInt(flagInt(args, 'concurrency'), 'concurrency', 1, 64),
    backend: backend ?? null,
    dataRoots,
    lockDurationMs,
    stalledIntervalMs: positiveInt(flagInt(args, 'stalled-ms'), 'stalled-ms', lockDurationMs),
    maxStalledCount: positiveInt(flagInt(args, 'max-stalled'), 'max-stalled', 3, 100),
    log,
  })
  try {
    await queueWorker.ready()
  } catch (error) {
    await queueWorker.close(false)
    throw error
  }
  queueWorker.start()
  log(`waiting for runs on ${connection.label} (home ${benchtopHome()}, data roots: ${dataRoots.join(', ') || 'none'})`)
  let stops = 0
  await new Promise<void>((resolve) => {
    const stop = () => {
      stops += 1
      if (stops === 1) {
        log(`stopping: no new runs; finishing ${queueWorker.running.length} running (Ctrl-C again to stop now; they then resume on another worker)`)
        void queueWorker.close(true).then(resolve)
      } else {
        log('stopping now')
        process.exit(130)
      }
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  return 0
}
