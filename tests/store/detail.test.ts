import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runInit, tempStore } from './helpers'

describe('getRun', () => {
  it('lists complete checkpoints by step, artifacts as relative paths, params and metrics', () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    const checkpoint = (name: string, marker?: object) => {
      const dir = join(store.checkpointsDir(id), name)
      mkdirSync(dir)
      writeFileSync(join(dir, 'weights.bin'), 'w')
      if (marker) writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify(marker))
    }
    checkpoint('step-200', { step: 200, epoch: 2, time: 2 })
    checkpoint('step-100', { step: 100, epoch: 1, time: 1 })
    checkpoint('step-300') // the trainer died while saving: no checkpoint.json
    mkdirSync(join(store.artifactsDir(id), 'samples'))
    writeFileSync(join(store.artifactsDir(id), 'samples', 'step-1.png'), '')
    writeFileSync(join(store.artifactsDir(id), 'confusion.json'), '[]')
    store.appendMetric(id, 'loss', [{ step: 1, epoch: 0, time: 1, value: 2 }])

    const detail = store.getRun(id)
    expect(detail.checkpoints).toEqual([
      { name: 'step-100', step: 100, epoch: 1, time: 1 },
      { name: 'step-200', step: 200, epoch: 2, time: 2 },
    ])
    expect(detail.artifacts).toEqual(['confusion.json', 'samples/step-1.png'])
    expect(detail.params).toEqual({ lr: 0.01, epochs: 3 })
    expect(detail.metricNames).toEqual(['loss'])
    expect(detail.latest).toEqual({ loss: 2 })
    expect(detail.dir).toBe(store.runDir(id))
  })
})
