import { describe, expect, it } from 'vitest'
import { runCli, tempHome } from '../helpers/cli'

describe('benchtop bench step', () => {
  it('times shapes-cnn steps on random data and prints the fields as JSON', { timeout: 120_000 }, async () => {
    const r = await runCli(['bench', 'step', 'shapes-cnn', '--steps', '2', '--json'], tempHome())
    expect(r.code, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout) as Record<string, unknown>
    expect(result.experiment).toBe('shapes-cnn')
    expect(['tensorflow-gpu', 'tensorflow', 'native', 'wasm', 'cpu']).toContain(result.backend)
    // The quick preset's config, resolved as a run would resolve it.
    expect(result.config).toMatchObject({ size: 16, filters: 6, batch: 16 })
    expect(result.batch).toBe(16)
    expect(result.steps).toBe(2)
    expect(typeof result.step_ms).toBe('number')
    expect(result.step_ms as number).toBeGreaterThan(0)
    expect(result.times_ms).toHaveLength(2)
  })

  it('takes --set, --batch, --backend and --profile', { timeout: 120_000 }, async () => {
    const r = await runCli(
      ['bench', 'step', 'char-rnn', '--set', 'model=gru', '--set', 'maxLength=8', '--batch', '4', '--steps', '1', '--backend', 'cpu', '--profile', '--json'],
      tempHome(),
    )
    expect(r.code, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout) as { backend: string; batch: number; config: Record<string, unknown>; profile: { kernels: Array<{ kernel: string; calls: number; ms: number }> } }
    expect(result.backend).toBe('cpu')
    expect(result.batch).toBe(4)
    expect(result.config).toMatchObject({ model: 'gru', maxLength: 8, batch: 4 })
    const names = result.profile.kernels.map((k) => k.kernel)
    expect(names).toContain('BatchMatMul')
    expect(result.profile.kernels.length).toBeLessThanOrEqual(25)
    const ms = result.profile.kernels.map((k) => k.ms)
    expect(ms).toEqual([...ms].sort((a, b) => b - a))
  })

  it('refuses bad input with a clear message and exit code', { timeout: 60_000 }, async () => {
    const home = tempHome()
    const unknownBackend = await runCli(['bench', 'step', 'shapes-cnn', '--backend', 'gpu9'], home)
    expect(unknownBackend.code).toBe(2)
    expect(unknownBackend.stderr).toMatch(/unknown backend 'gpu9'; valid backends: .*native/)
    const unknownExperiment = await runCli(['bench', 'step', 'nope'], home)
    expect(unknownExperiment.code).not.toBe(0)
    expect(unknownExperiment.stderr).toMatch(/unknown experiment 'nope'/)
    const badKey = await runCli(['bench', 'step', 'shapes-cnn', '--set', 'depth=3'], home)
    expect(badKey.code).toBe(2)
    expect(badKey.stderr).toMatch(/unknown config key 'depth'/)
    const badSteps = await runCli(['bench', 'step', 'shapes-cnn', '--steps', '0'], home)
    expect(badSteps.code).toBe(2)
    expect(badSteps.stderr).toMatch(/--steps must be at least 1/)
  })
})
