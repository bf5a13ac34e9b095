/**
 * Metric files are read with limits: a run list reads at most the last 1 MiB of each, a chart at
 * most 256 MiB, in chunks. A huge or damaged file is a problem of its run, not of the whole list.
 */
import { appendFileSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MetricPoint } from '../../src/shared/api'
import { MAX_METRIC_FILE_BYTES } from '../../src/main/store/metricFile'
import { runInit, tempStore } from './helpers'

const point = (step: number, value: number): MetricPoint => ({ step, epoch: 1, time: 1_700_000_000_000 + step, value })

describe('metric files with limits', () => {
  it('lists every run when one has a 600 MiB metric file with no complete line, and says which file', () => {
    const { store } = tempStore()
    const good = store.createRun(runInit()).id
    store.appendMetric(good, 'loss', [point(1, 0.5)])
    const bad = store.createRun(runInit()).id
    store.appendMetric(bad, 'accuracy', [point(1, 0.75)])
    const file = join(store.runDir(bad), 'metrics', 'loss.jsonl')
    writeFileSync(file, '')
    truncateSync(file, 600 * 1024 * 1024) // sparse: 600 MiB of NUL bytes, no disk space used

    const runs = store.listRuns()
    const byId = new Map(runs.map((r) => [r.id, r]))
    expect(byId.get(good)).toMatchObject({ latest: { loss: 0.5 } })
    expect(byId.get(good)!.problems).toBeUndefined()
    expect(byId.get(bad)!.latest).toEqual({ accuracy: 0.75 })
    expect(byId.get(bad)!.problems).toEqual([`metric file ${file} (600.0 MiB) has no complete point in its last 1 MiB; it is damaged`])
    // Reading the whole file for a chart is refused with its size, not attempted.
    expect(() => store.readMetric(bad, 'loss')).toThrow(`metric file ${file} is 600.0 MiB; at most ${MAX_METRIC_FILE_BYTES / 1024 / 1024} MiB are read`)
  })

  it('reads a file in chunks: lines cut by a chunk boundary and multi-byte text survive', () => {
    const { store } = tempStore()
    const { id } = store.createRun(runInit())
    const file = join(store.runDir(id), 'metrics', 'loss.jsonl')
    const lines: string[] = []
    // About 9 MiB: crosses two 4 MiB chunk boundaries; garbage lines with "é" (2 bytes) in between.
    for (let step = 1; lines.length < 150_000; step++) {
      lines.push(JSON.stringify(point(step, step / 1000)))
      if (step % 1000 === 0) lines.push('{"note": "café ' + 'é'.repeat(step % 7) + '"}')
    }
    appendFileSync(file, lines.join('\n') + '\n')
    const points = store.readMetric(id, 'loss')
    const expected = lines.filter((l) => !l.includes('note')).length
    expect(points).toHaveLength(expected)
    expect(points.every((p, i) => p.step === i + 1 && p.value === (i + 1) / 1000)).toBe(true)
  })
})
