/**
 * Measures one training step (Adam, batch 16, random data) of ResNet-18/50 with and without
 * shortcuts on the backend the training processes would pick; prints one JSON line per case.
 *   npx tsx src/main/experiments/resnet/steptime.ts [ResNet18:64 ResNet50:128 ...] [--steps 3]
 */
import * as tf from '@tensorflow/tfjs-core'
import { probeBackends } from '../../engine/backends'
import { RESNET_KERNELS } from './definition'
import { buildResNet, type ResNetName } from './model'

const argv = process.argv.slice(2)
const stepsAt = argv.indexOf('--steps')
const steps = stepsAt >= 0 ? Number(argv[stepsAt + 1]) : 3
const cases = argv.filter((a, i) => !a.startsWith('--') && i !== stepsAt + 1)
const list = cases.length ? cases : ['ResNet18:64', 'ResNet18:96', 'ResNet18:128', 'ResNet50:96', 'ResNet50:128']
const backends = await probeBackends({ required: RESNET_KERNELS })
const backend = backends.find((b) => b.selected)?.name
console.error(`backend ${backend}`)
for (const c of list) {
  const [model, sizeText, plain] = c.split(':')
  const size = Number(sizeText)
  const shortcut = plain !== 'plain'
  const batch = 16
  const m = buildResNet({ model: model as ResNetName, shortcut, size, classes: 10, seed: 1 })
  const optimizer = tf.train.adam(1e-3)
  m.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] })
  const xs = tf.randomUniform([batch, size, size, 3])
  const ys = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32') as tf.Tensor1D, 10).toFloat()
  const times: number[] = []
  for (let i = 0; i < steps + 1; i++) {
    const t0 = performance.now()
    await m.trainOnBatch(xs, ys)
    if (i > 0) times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const stepMs = times[Math.floor(times.length / 2)]
  console.log(JSON.stringify({ backend, model, shortcut, size, batch, step_ms: Math.round(stepMs), img_per_s: +(batch / (stepMs / 1000)).toFixed(2) }))
  tf.dispose([xs, ys])
  m.dispose()
  optimizer.dispose()
}
