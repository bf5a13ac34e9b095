import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { EngineReport, RunDetail, RunSummary } from '../../src/shared/api'
import { runCli, runCliJson, tempHome, TINY } from '../helpers/cli'

describe('benchtop run shapes-cnn, end to end through the command line', () => {
  const home = tempHome()
  let result: { runId: string; status: string; metrics: Record<string, number>; dir: string }

  beforeAll(async () => {
    result = await runCliJson(['run', 'shapes-cnn', '--preset', 'quick', ...TINY, '--set', 'epochs=2', '--seed', '7', '--json'], home, { quiet: true })
  }, 120_000)

  it('prints one JSON object for a completed run', () => {
    expect(result.status).toBe('completed')
    expect(Object.keys(result.metrics).sort()).toEqual(['accuracy', 'epoch_accuracy', 'epoch_loss', 'loss', 'val_accuracy', 'val_loss'])
    expect(result.dir).toBe(path.join(home, 'runs', result.runId))
  })

  it('leaves a self-describing run folder', () => {
    const meta = JSON.parse(readFileSync(path.join(result.dir, 'meta.json'), 'utf8'))
    expect(meta).toMatchObject({ experiment: 'shapes-cnn', preset: 'quick', status: 'completed', seed: 7, step: 8, epoch: 2 })
    expect(['tensorflow-gpu', 'tensorflow', 'native', 'cpu']).toContain(meta.backend)
    expect(meta.versions['tfjs-core']).toMatch(/^\d+\.\d+/)
    expect(meta.host.cores).toBeGreaterThan(0)
    expect(meta.dataset.fingerprint).toMatch(/^[0-9a-f]{16,}$/)
    const params = JSON.parse(readFileSync(path.join(result.dir, 'params.json'), 'utf8'))
    expect(params.config).toMatchObject({ size: 8, trainCount: 64, epochs: 2 })
    // 64 images in batches of 16: 4 steps per epoch, one loss point per step.
    const loss = readFileSync(path.join(result.dir, 'metrics', 'loss.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(loss.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(loss[0]).toEqual({ step: 1, epoch: 1, time: expect.any(Number), value: expect.any(Number) })
    const val = readFileSync(path.join(result.dir, 'metrics', 'val_accuracy.jsonl'), 'utf8').trim().split('\n')
    expect(val).toHaveLength(2)
    for (const name of ['epoch-0001', 'epoch-0002']) {
      expect(existsSync(path.join(result.dir, 'checkpoints', name, 'checkpoint.json'))).toBe(true)
      expect(existsSync(path.join(result.dir, 'checkpoints', name, 'model.bin'))).toBe(true)
    }
    expect(existsSync(path.join(result.dir, 'artifacts', 'samples', 'confusion.jsonl'))).toBe(true)
    expect(readFileSync(path.join(result.dir, 'log.txt'), 'utf8')).toContain('checkpoint epoch-0002')
  })

  it('lists, shows and compares the run', async () => {
    const runs: RunSummary[] = JSON.parse((await runCli(['runs', '--json'], home)).stdout)
    expect(runs.map((r) => [r.id, r.status])).toEqual([[result.runId, 'completed']])
    const shown: RunDetail = JSON.parse((await runCli(['show', result.runId.slice(0, 15), '--json'], home)).stdout)
    expect(shown.checkpoints.map((c) => c.name)).toEqual(['epoch-0001', 'epoch-0002'])
    const csv = path.join(home, 'loss.csv')
    const compared = await runCli(['compare', result.runId, '--metric', 'loss', '--csv', csv], home)
    expect(compared.code).toBe(0)
    expect(compared.stdout).toContain('loss')
    const lines = readFileSync(csv, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('run,name,metric,step,epoch,time,value')
    expect(lines).toHaveLength(9)
  })

  it('deletes to the trash and restores', async () => {
    expect((await runCli(['delete', result.runId], home)).code).toBe(0)
    expect(JSON.parse((await runCli(['runs', '--json'], home)).stdout)).toEqual([])
    expect(existsSync(path.join(home, 'runs', '.trash', result.runId, 'meta.json'))).toBe(true)
    expect((await runCli(['restore', result.runId], home)).code).toBe(0)
    expect(JSON.parse((await runCli(['runs', '--json'], home)).stdout)).toHaveLength(1)
  })
})

describe('command line errors', () => {
  const home = tempHome()

  it('lists valid experiments, presets and keys', async () => {
    const unknown = await runCli(['run', 'gpt'], home)
    expect(unknown.code).not.toBe(0)
    expect(unknown.stderr).toContain('valid experiments: shapes-cnn')
    expect((await runCli(['run', 'shapes-cnn', '--preset', 'big'], home)).stderr).toContain('valid presets: quick, default')
    expect((await runCli(['run', 'shapes-cnn', '--set', 'depth=3'], home)).stderr).toContain('valid keys:')
    const missing = await runCli(['run', 'shapes-cnn', '--data', '/no/such/folder'], home)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('/no/such/folder')
    expect((await runCli(['show', 'nothing'], home)).stderr).toMatch(/no run/)
    expect((await runCli(['frobnicate'], home)).stderr).toContain('commands: doctor')
  })

  it('fails a run whose forced backend cannot train, with the reason', async () => {
    const r = await runCli(['run', 'shapes-cnn', ...TINY, '--set', 'epochs=1', '--backend', 'wasm', '--json'], home)
    const out = JSON.parse(r.stdout)
    expect(r.code).toBe(1)
    expect(out.status).toBe('failed')
    expect(out.error).toContain('Conv2DBackpropFilter')
  })
})

describe('benchtop doctor', () => {
  it('reports every backend in order, with reasons, and the one selected', async () => {
    const r = await runCli(['doctor', '--json'], tempHome())
    expect(r.code).toBe(0)
    const report: EngineReport = JSON.parse(r.stdout)
    expect(report.backends.map((b) => b.name)).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'native', 'wasm', 'cpu'])
    for (const b of report.backends) {
      if (!b.ok) expect(b.reason, b.name).toBeTruthy()
    }
    const wasm = report.backends.find((b) => b.name === 'wasm')!
    expect(wasm).toMatchObject({ tried: true, ok: true })
    expect(wasm.missingKernels).toContain('Conv2DBackpropFilter')
    const cpu = report.backends.find((b) => b.name === 'cpu')!
    expect(cpu.ok).toBe(true)
    expect(cpu.selfTestMs).toBeGreaterThan(0)
    expect(report.selected).toBe(report.backends.find((b) => b.selected)!.name)
  })
})
