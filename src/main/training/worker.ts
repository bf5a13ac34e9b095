/**
 * Entry point of a training process. It selects a backend, runs one experiment's trainer and
 * streams progress to the core; it never writes run metadata or metrics itself (the core does),
 * only checkpoints, which belong to the trainer.
 */
import { findExperiment } from '../experiments/registry'
import { probeBackends, tfVersions } from '../engine/backends'
import { CNN_TRAINING_KERNELS } from '../engine/kernels'
import type { MetricPoint } from '../../shared/api'
import { createTrainerContext } from './context'
import type { TrainJob } from './protocol'
import { openWorkerPort } from './workerPort'

const port = openWorkerPort()
let cancelRequested = false

port.onDisconnect(() => {
  // The core is gone: the run is left as it is (checkpoints are whole) and listed as interrupted.
  process.exit(70)
})
process.on('SIGTERM', () => {
  cancelRequested = true
})

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error)
  port.send({ type: 'error', message, stack: error instanceof Error ? (error.stack ?? null) : null })
  // Give the message time to leave before the process ends.
  setTimeout(() => process.exit(1), 100)
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
  const trainer = await experiment.trainer()
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
    onCheckpoint: (checkpoint) => port.send({ type: 'checkpoint', checkpoint }),
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
    case 'train':
      train(message.job).then(
        () => setTimeout(() => process.exit(0), 50),
        (error) => fail(error),
      )
      break
    case 'doctor':
      probeBackends({ required: message.required.length ? message.required : CNN_TRAINING_KERNELS, all: true }).then(
        (backends) => {
          port.send({ type: 'engine', backends, selected: backends.find((b) => b.selected)?.name ?? null, versions: tfVersions() })
          setTimeout(() => process.exit(0), 50)
        },
        (error) => fail(error),
      )
      break
  }
})
