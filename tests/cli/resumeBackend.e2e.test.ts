/**
 * `benchtop resume RUN --backend B`: the backend is checked against the run's experiment's
 * required kernels before anything changes (the WebAssembly backend has no Conv2DBackpropFilter,
 * which every CNN's training needs: tfjs-backend-wasm 4.22 registers none), and a backend that
 * has them trains the rest of the run.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli, tempHome, TINY } from '../helpers/cli'

function meta(home: string, id: string) {
  return JSON.parse(readFileSync(path.join(home, 'runs', id, 'meta.json'), 'utf8')) as { status: string; backend: string; resumes: number; lastCheckpoint: string | null }
}

/** Runs the CLI with a test fault in the training process's environment. */
async function cli(args: string[], home: string, fault?: string) {
  const saved = process.env.BENCHTOP_TEST_FAULT
  if (fault) process.env.BENCHTOP_TEST_FAULT = fault
  try {
    return await runCli(args, home, 600_000)
  } finally {
    if (saved === undefined) delete process.env.BENCHTOP_TEST_FAULT
    else process.env.BENCHTOP_TEST_FAULT = saved
  }
}

describe('resume on another backend', () => {
  it('refuses a backend without the experiment\'s kernels, naming them, and resumes on one that has them', async () => {
    const home = tempHome()
    // Stopped after its first checkpoint, on the plain-JS backend.
    const first = await cli(['run', 'shapes-cnn', ...TINY, '--set', 'epochs=2', '--backend', 'cpu', '--seed', '3', '--json'], home, 'stop:1')
    const id = readdirSync(path.join(home, 'runs')).find((d) => !d.startsWith('.'))!
    const before = meta(home, id)
    expect(before.status, first.stderr).toBe('cancelled')
    expect(before.lastCheckpoint).not.toBeNull()

    const refused = await cli(['resume', id, '--backend', 'wasm'], home)
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(/cannot train on wasm: has no Conv2DBackpropFilter kernel; backends that can here: .*cpu/)
    expect(refused.stderr.trim().split('\n')).toHaveLength(1)
    expect(meta(home, id)).toEqual(before)

    const resumed = await cli(['resume', id, '--backend', 'cpu', '--json'], home)
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(meta(home, id)).toMatchObject({ status: 'completed', backend: 'cpu', resumes: 1 })
  }, 900_000)
})
