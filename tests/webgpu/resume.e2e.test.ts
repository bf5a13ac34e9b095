/**
 * A run moves between backends through its checkpoints, end to end with the command line: it
 * starts on webgpu (SwiftShader), loses its GPU device after epoch 1 (an injected fault: the
 * device destroyed as a driver reset would), fails with a clear message, resumes on native for
 * epoch 2, is stopped, and finishes on webgpu. Its per-epoch metrics match an uninterrupted cpu
 * run of the same config and seed. Also: `benchtop doctor --json` lists webgpu with its adapter.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EngineReport } from '../../src/shared/api'
import { ROOT, runCli, tempHome, TINY } from '../helpers/cli'
import { swiftshader, useSwiftshader } from './harness'

const available = useSwiftshader('webgpu resume across backends')
const gpuEnv = available && swiftshader().ok ? (swiftshader() as { env: Record<string, string> }).env : {}
const nativeBuilt = existsSync(path.join(ROOT, 'build', 'Release', 'benchtop_native.node'))
// native when its addon is built (CI builds it); the plain-JS cpu backend otherwise.
const other = nativeBuilt ? 'native' : 'cpu'

/** Runs the CLI with extra environment variables (the SwiftShader ICD, a test fault). */
async function cli(args: string[], home: string, env: Record<string, string> = {}) {
  const saved = { ...process.env }
  Object.assign(process.env, gpuEnv, env)
  try {
    return await runCli(args, home, 1_700_000)
  } finally {
    for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
  }
}

function meta(home: string, id: string) {
  return JSON.parse(readFileSync(path.join(home, 'runs', id, 'meta.json'), 'utf8')) as { status: string; backend: string; error: string | null; lastCheckpoint: string | null }
}

/** The last value of each epoch of a metric (a resumed leg may have written a partial epoch before failing). */
function perEpoch(home: string, id: string, metric: string): number[] {
  const byEpoch = new Map<number, number>()
  for (const line of readFileSync(path.join(home, 'runs', id, 'metrics', `${metric}.jsonl`), 'utf8').trim().split('\n')) {
    const p = JSON.parse(line) as { epoch: number; value: number }
    byEpoch.set(p.epoch, p.value)
  }
  return [...byEpoch.keys()].sort((a, b) => a - b).map((e) => byEpoch.get(e)!)
}

const CONFIG = [...TINY, '--set', 'epochs=3', '--set', 'lr=0.05', '--seed', '8']

describe.skipIf(!available)('webgpu runs resume on other backends', () => {
  it('doctor --json lists webgpu with its SwiftShader adapter, reported and not selected', async () => {
    const home = tempHome()
    const r = await cli(['doctor', '--json'], home)
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as EngineReport
    const webgpu = report.backends.find((b) => b.name === 'webgpu')!
    expect(webgpu).toMatchObject({ tried: true, ok: true, selected: false })
    expect(webgpu.adapter).toMatchObject({ vendor: 'google', architecture: 'swiftshader', software: true })
    expect(webgpu.adapter!.maxStorageBufferBindingSize).toBeGreaterThan(0)
    expect(webgpu.reason).toContain('never chosen automatically')
    expect(report.selected).not.toBe('webgpu')
    expect(report.versions).toMatchObject({ webgpu: expect.any(String), 'tfjs-backend-webgpu': '4.22.0' })
  }, 600_000)

  it('webgpu -> device lost -> native -> stopped -> webgpu, with the metrics of an uninterrupted run', async () => {
    const home = tempHome()
    const first = await cli(['run', 'shapes-cnn', ...CONFIG, '--backend', 'webgpu', '--json'], home, { BENCHTOP_TEST_FAULT: 'gpu-lost:1' })
    expect(first.code).not.toBe(0)
    const id = readdirSync(path.join(home, 'runs')).find((d) => !d.startsWith('.'))!
    let m = meta(home, id)
    expect(m.status).toBe('failed')
    expect(m.error).toMatch(/GPU device was lost .*resume it here or on another backend/)
    expect(m.lastCheckpoint).toBe('epoch-0001')
    expect(readFileSync(path.join(home, 'runs', id, 'log.txt'), 'utf8')).toContain('webgpu adapter: google swiftshader')

    const second = await cli(['resume', id, '--backend', other, '--json'], home, { BENCHTOP_TEST_FAULT: 'stop:1' })
    m = meta(home, id)
    expect(m.status, second.stderr).toBe('cancelled')
    expect(m.backend).toBe(other)
    expect(m.lastCheckpoint).toBe('epoch-0002')

    const third = await cli(['resume', id, '--backend', 'webgpu', '--json'], home)
    m = meta(home, id)
    expect(m.status, third.stderr).toBe('completed')
    expect(m.backend).toBe('webgpu')

    const refHome = tempHome()
    const ref = await cli(['run', 'shapes-cnn', ...CONFIG, '--backend', 'cpu', '--json'], refHome)
    expect(ref.code, ref.stderr).toBe(0)
    const refId = readdirSync(path.join(refHome, 'runs')).find((d) => !d.startsWith('.'))!
    for (const metric of ['epoch_loss', 'val_loss']) {
      const moved = perEpoch(home, id, metric)
      const straight = perEpoch(refHome, refId, metric)
      expect(moved).toHaveLength(3)
      moved.forEach((v, i) => expect(Math.abs(v - straight[i]), `${metric} epoch ${i + 1}`).toBeLessThan(1e-3))
    }
    expect(perEpoch(home, id, 'val_accuracy')).toEqual(perEpoch(refHome, refId, 'val_accuracy'))
  }, 3_000_000)
})
