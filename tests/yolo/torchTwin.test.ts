/**
 * The PyTorch twin of the yolo network (scripts/peers/yolo_torch.py, for `npm run bench:yolo`)
 * is the same network and loss: its parameter count equals the TensorFlow.js model's trainable
 * one, and its loss on the same raw outputs and targets equals yoloLoss's.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { yoloLoss } from '../../src/main/experiments/yolo/loss'
import { buildYolo } from '../../src/main/experiments/yolo/model'
import { ROOT } from '../helpers/cli'
import { skipUnless } from '../helpers/skip'

const PYTHON = process.env.BENCHTOP_PYTHON?.trim() || '/usr/bin/python3'
const TWIN = path.join(ROOT, 'scripts', 'peers')
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0

function python(code: string, input: string): string {
  const r = spawnSync(PYTHON, ['-c', code], { input, encoding: 'utf8', cwd: TWIN, timeout: 300_000 })
  if (r.status !== 0) throw new Error(r.stderr)
  return r.stdout.trim()
}

describe('yolo PyTorch twin', () => {
  it.skipIf(skipUnless(hasTorch, `${PYTHON} cannot import torch`))('has the same parameters and the same loss', () => {
    const o = { size: 64, grid: 4, anchors: 2, classes: 3, width: 4, seed: 1 }
    // Stride 16 (four pools) and stride 8 (three pools: the last two stages keep the grid).
    for (const [size, pools] of [[64, 4], [32, 3]]) {
      const model = buildYolo({ ...o, size })
      expect(model.outputs[0].shape).toEqual([null, o.grid, o.grid, o.anchors * (5 + o.classes)])
      const trainable = model.trainableWeights.reduce((n, w) => n + (w.shape as number[]).reduce((a, b) => a * b, 1), 0)
      model.dispose()
      const params = Number(python(`import yolo_torch\nm = yolo_torch.build(${o.width}, ${o.anchors}, ${o.classes}, ${pools})\nprint(sum(t.numel() for t in m.parameters()))\nimport torch\nassert tuple(m(torch.zeros(1, 3, ${size}, ${size})).shape[2:]) == (${o.grid}, ${o.grid})`, ''))
      expect(params).toBe(trainable)
    }
    expect(() => buildYolo({ ...o, size: 48 })).toThrow(/size must be 8 x grid or 16 x grid \(grid 4 needs size 32 or 64, not 48\)/)

    // Same raw output (NHWC here, NCHW there) and targets: the two losses agree.
    const b = 2
    const raw = tf.randomNormal([b, o.grid, o.grid, o.anchors * (5 + o.classes)], 0, 1, 'float32', 3) as tf.Tensor4D
    const targets = tf.tidy(() => {
      const obj = tf.round(tf.randomUniform([b, o.grid, o.grid, o.anchors, 1], 0, 0.6, 'float32', 4))
      const xy = tf.randomUniform([b, o.grid, o.grid, o.anchors, 2], 0, 1, 'float32', 5)
      const wh = tf.randomNormal([b, o.grid, o.grid, o.anchors, 2], 0, 0.5, 'float32', 6)
      const cls = tf.oneHot(tf.randomUniform([b, o.grid, o.grid, o.anchors], 0, o.classes, 'int32', 7), o.classes).toFloat()
      return tf.concat([obj, xy, wh, cls], -1)
    })
    const ours = yoloLoss(raw, targets, o.anchors, o.classes, { coord: 5, noObject: 0.5, classes: 1 })
    const input = JSON.stringify({ raw: raw.arraySync(), targets: targets.arraySync() })
    const theirs = Number(
      python(
        `import json, sys, torch, yolo_torch\nd = json.load(sys.stdin)\nraw = torch.tensor(d['raw'], dtype=torch.float64).permute(0, 3, 1, 2)\nprint(yolo_torch.yolo_loss(raw, torch.tensor(d['targets'], dtype=torch.float64), ${o.anchors}, ${o.classes}).item())`,
        input,
      ),
    )
    expect(ours.total.dataSync()[0]).toBeCloseTo(theirs, 2)
    expect(Math.abs(ours.total.dataSync()[0] - theirs) / theirs).toBeLessThan(1e-5)
    tf.dispose([raw, targets, ours.total, ours.box, ours.objectness, ours.classes])
  }, 300_000)
})
