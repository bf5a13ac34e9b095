/** `benchtop run resnet --sweep model=... --sweep shortcut=... --json`: the shortcut study on tiny data, for real. */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { RunMeta, StudyTableRow } from '../../src/shared/api'
import { runCliJson, runCliSync, tempHome } from '../helpers/cli'

// Two shape classes, 2 training images each (one step of 4 per epoch), 69 px: the smallest
// ResNet-50 input. Two epochs, so the table has an epoch time and a best and a final accuracy.
const TINY_RESNET = ['--data', 'shapes', '--set', 'classes=2', '--set', 'size=69', '--set', 'trainLimit=2', '--set', 'testLimit=1', '--set', 'batch=4', '--set', 'epochs=2']

interface StudyJson {
  study: string
  runs: Array<{ runId: string; status: string; values: Record<string, unknown>; dir: string }>
  table: StudyTableRow[]
}

describe('benchtop run resnet --sweep, end to end', () => {
  const home = tempHome()
  let out: StudyJson

  beforeAll(async () => {
    out = await runCliJson(
      ['run', 'resnet', '--preset', 'quick', ...TINY_RESNET, '--sweep', 'model=ResNet18,ResNet50', '--sweep', 'shortcut=true,false', '--seed', '9', '--json'],
      home,
      { timeoutMs: 600_000, quiet: true },
    )
  }, 600_000)

  it('prints the study id, every run and the table', () => {
    expect(out.study).toMatch(/^study-\d{8}-\d{6}-[0-9a-z]{4}$/)
    expect(out.runs.map((r) => [r.values.model, r.values.shortcut, r.status])).toEqual([
      ['ResNet18', true, 'completed'],
      ['ResNet18', false, 'completed'],
      ['ResNet50', true, 'completed'],
      ['ResNet50', false, 'completed'],
    ])
    expect(out.table.map((r) => r.runId)).toEqual(out.runs.map((r) => r.runId))
    for (const row of out.table) {
      expect(row.epochs).toBe(2)
      for (const key of ['finalTrainAccuracy', 'bestTrainAccuracy', 'finalValAccuracy', 'bestValAccuracy'] as const) {
        expect(row[key]).toBeGreaterThanOrEqual(0)
        expect(row[key]).toBeLessThanOrEqual(1)
      }
      expect(row.bestValAccuracy).toBeGreaterThanOrEqual(row.finalValAccuracy!)
      expect(row.medianEpochMs).toBeGreaterThan(0)
    }
    // Parameters from the model summary: the shortcut variants carry the projections' weights.
    const params = out.table.map((r) => r.params!)
    expect(params[0]).toBeGreaterThan(params[1])
    expect(params[2]).toBeGreaterThan(params[3])
    expect(params[3]).toBeGreaterThan(params[0])
  })

  it('gives every run the same seed and data, tags it with the study, and keeps a study record', () => {
    const metas: RunMeta[] = out.runs.map((r) => JSON.parse(readFileSync(path.join(r.dir, 'meta.json'), 'utf8')))
    expect(new Set(metas.map((m) => m.seed))).toEqual(new Set([9]))
    expect(new Set(metas.map((m) => m.study))).toEqual(new Set([out.study]))
    expect(new Set(metas.map((m) => m.dataset?.fingerprint)).size).toBe(1)
    // One after another: each run started after the previous one ended.
    for (let i = 1; i < metas.length; i++) expect(Date.parse(metas[i].startedAt!)).toBeGreaterThanOrEqual(Date.parse(metas[i - 1].endedAt!))
    const file = path.join(home, 'studies', `${out.study}.json`)
    expect(existsSync(file)).toBe(true)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ experiment: 'resnet', preset: 'quick', seed: 9, parallel: 1, runIds: out.runs.map((r) => r.runId) })
  })

  it('shows the study again as a table and as JSON', () => {
    const text = runCliSync(['study', 'show', out.study], home)
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/model\s+shortcut\s+status\s+train acc % final\/best/)
    expect(text.stdout.trim().split('\n')).toHaveLength(1 + 2 + 4)
    const json: StudyJson = JSON.parse(runCliSync(['study', 'show', out.study, '--json'], home).stdout)
    expect(json.table).toEqual(out.table)
    expect(runCliSync(['study', 'list'], home).stdout).toContain('4 completed')
  })

  it('refuses bad sweeps with a clear message and creates nothing', () => {
    const empty = tempHome()
    const bad = runCliSync(['run', 'resnet', '--sweep', 'model=ResNet18,ResNet34'], empty)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--sweep model: model must be one of ResNet18, ResNet50')
    const huge = runCliSync(['run', 'shapes-cnn', '--sweep', 'epochs=1,2,3,4,5,6,7,8,9', '--sweep', 'batch=1,2,3,4,5,6,7,8'], empty)
    expect(huge.code).toBe(2)
    expect(huge.stderr).toContain('9 x 8 = 72 runs; a study has at most 64')
    const parallel = runCliSync(['run', 'shapes-cnn', '--parallel', '2'], empty)
    expect(parallel.code).toBe(2)
    expect(parallel.stderr).toContain('--parallel needs --sweep')
    expect(existsSync(path.join(empty, 'runs')) && JSON.parse(runCliSync(['runs', '--json'], empty).stdout).length).toBeFalsy()
    expect(existsSync(path.join(empty, 'studies'))).toBe(false)
  })
})
