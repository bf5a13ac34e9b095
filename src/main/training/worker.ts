/**
 * Entry point of a training process. It selects a backend, runs one experiment's trainer and
 * streams progress to the core; it never writes run metadata or metrics itself (the core does),
 * only checkpoints, which belong to the trainer.
 */
import { findExperiment } from '../experiments/registry'
import { probeBackends, tfVersions } from '../engine/backends'
import { CNN_TRAINING_KERNELS } from '../engine/kernels'
import { adapterLine, loseWebgpuDevice, onWebgpuFailure, releaseWebgpu } from '../engine/webgpu'
import type { MetricPoint } from '../../shared/api'
import { createTrainerContext } from './context'
import type { TrainJob } from './protocol'
import { openWorkerPort } from './workerPort'

/** How long the last message waits for the core's `recorded` before the process ends anyway. */
const RECORDED_WAIT_MS = 60_000

const port = openWorkerPort()
let cancelRequested = false
let recordedSeen = false
let onRecorded: (() => void) | null = null

port.onDisconnect(() => {
  // The core is gone: the run is left as it is (checkpoints are whole) and listed as interrupted.
  process.exit(70)
})
process.on('SIGTERM', () => {
  cancelRequested = true
})

/**
 * Ends the process after its last message has left and the core has recorded it (or could not
 * answer in time), so nothing the core still had to write is lost. Exits once, whatever calls it.
 */
let ending = false
async function end(code: number, awaitRecorded: boolean): Promise<void> {
  if (ending) return
  ending = true
  await port.flush()
  if (awaitRecorded) {
    await new Promise<void>((resolve) => {
      if (recordedSeen) return resolve()
      onRecorded = resolve
      setTimeout(resolve, RECORDED_WAIT_MS)
    })
  }
  process.exit(code)
}

let failed = false

/**
 * Faults the tests inject, after the Nth checkpoint of this process (deterministic, unlike a
 * timer): `gpu-lost:N` destroys the webgpu device as a driver reset would, `stop:N` asks the
 * run to stop as `benchtop cancel` does. Unset in normal use.
 */
function testFault(): { kind: 'gpu-lost' | 'stop'; after: number } | null {
  const match = /^(gpu-lost|stop):(\d+)$/.exec(process.env.BENCHTOP_TEST_FAULT ?? '')
  return match ? { kind: match[1] as 'gpu-lost' | 'stop', after: Number(match[2]) } : null
}

function fail(error: unknown): void {
  // The first cause is the one reported (a lost GPU device also fails the step that was running).
  if (failed) return
  failed = true
  // The GPU device (webgpu) goes back before the process ends, whatever ended it.
  releaseWebgpu()
  const message = error instanceof Error ? error.message : String(error)
  port.send({ type: 'error', message, stack: error instanceof Error ? (error.stack ?? null) : null })
  void end(1, true)
}

async function train(job: TrainJob): Promise<void> {
  const experiment = findExperiment(job.experiment)
  const backends = await probeBackends({ required: experiment.requiredKernels, force: job.backend ?? undefined })
  const selected = backends.find((b) => b.selected)?.name ?? null
  port.send({ type: 'engine', backends, selected, versions: tfVersions() })
  if (!selected) {
    const reasons = backends.map((b) => `${b.name}: ${b.reason ?? 'unusable'}`).join('; ')
    throw new Error(`no backend can train ${experiment.id} (${reasons})`)
  }
  const gpu = backends.find((b) => b.selected)?.adapter
  if (gpu) port.send({ type: 'log', line: `webgpu adapter: ${adapterLine(gpu)}` })
  // A lost GPU device or an out-of-memory error ends the run now, with the reason, instead of
  // leaving it to fail later on a stale buffer; its checkpoints resume on any backend.
  onWebgpuFailure((message) => fail(new Error(message)))
  const trainer = await experiment.trainer()
  const fault = testFault()
  let checkpoints = 0
  const ctx = createTrainerContext({
    runDir: job.runDir,
    resumeFrom: job.resumeFrom,
    reporter: {
      metric: (name, step, epoch, value) => {
        const point: MetricPoint = { step, epoch, time: Date.now(), value }
        port.send({ type: 'metrics', name, points: [point] })
      },
      progress: (step, epoch, totalSteps, totalEpochs) => port.send({ type: 'progress', step, epoch, totalSteps, totalEpochs }),
      sample: (name, step, value) => port.send({ type: 'sample', name, step, value }),
      log: (line) => port.send({ type: 'log', line }),
    },
    shouldStop: () => cancelRequested,
    onDataset: (dataset) => port.send({ type: 'dataset', dataset }),
    onCheckpoint: (checkpoint) => {
      port.send({ type: 'checkpoint', checkpoint })
      checkpoints += 1
      if (fault && checkpoints === fault.after) {
        if (fault.kind === 'stop') cancelRequested = true
        else if (!loseWebgpuDevice()) port.send({ type: 'log', line: 'test fault gpu-lost: no webgpu device to lose' })
      }
    },
    onImage: (image) => port.send({ type: 'image', image }),
  })
  const status = await trainer(job, ctx)
  port.send({ type: 'done', status })
}

port.onMessage((message) => {
  switch (message.type) {
    case 'cancel':
      cancelRequested = true
      break
    case 'recorded':
      recordedSeen = true
      onRecorded?.()
      break
    case 'train':
      train(message.job).then(
        () => {
          releaseWebgpu()
          void end(0, true)
        },
        (error) => fail(error),
      )
      break
    case 'doctor':
      probeBackends({ required: message.required.length ? message.required : CNN_TRAINING_KERNELS, listed: message.listed, all: true }).then(
        (backends) => {
          releaseWebgpu()
          port.send({ type: 'engine', backends, selected: backends.find((b) => b.selected)?.name ?? null, versions: tfVersions() })
          void end(0, false)
        },
        (error) => fail(error),
      )
      break
  }
})
