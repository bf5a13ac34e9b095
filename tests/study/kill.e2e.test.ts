/** A study whose command is killed: its queued runs are listed as interrupted, and resume starts one. */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { isAlive, runCli, runCliSync, startCli, tempHome, TINY, waitFor } from '../helpers/cli'

describe('benchtop run --sweep killed with SIGKILL', () => {
  it('leaves the queued runs interrupted (never started), and resume starts one from the beginning', async () => {
    const home = tempHome()
    // The first run is long (300 epochs); the second, queued behind it, is one epoch.
    const child = startCli(['run', 'shapes-cnn', ...TINY, '--sweep', 'epochs=300,1', '--seed', '4', '--json'], home)
    const studies = path.join(home, 'studies')
    let studyId = ''
    await waitFor(() => {
      const files = existsSync(studies) ? readdirSync(studies).filter((f) => f.endsWith('.json')) : []
      if (files.length === 0) return false
      const record = readFileSync(path.join(studies, files[0]), 'utf8')
      if (!record) return false
      const { id, runIds } = JSON.parse(record) as { id: string; runIds: string[] }
      studyId = id
      const loss = path.join(home, 'runs', runIds[0], 'metrics', 'loss.jsonl')
      return existsSync(loss) && readFileSync(loss, 'utf8').split('\n').length > 3
    }, 90_000, 'the first run to train a few steps')
    const shown = () => JSON.parse(runCliSync(['study', 'show', studyId, '--json'], home).stdout) as { runs: Array<{ runId: string; status: string; error?: string }> }
    expect(shown().runs.map((r) => r.status)).toEqual(['running', 'queued'])
    const [first, second] = shown().runs.map((r) => r.runId)
    const workerPid = JSON.parse(readFileSync(path.join(home, 'runs', first, 'meta.json'), 'utf8')).workerPid as number

    child.kill('SIGKILL')
    await new Promise((resolve) => child.on('close', resolve))
    await waitFor(() => !isAlive(workerPid), 10_000, 'the training process to end')

    const after = shown()
    expect(after.runs.map((r) => r.status)).toEqual(['interrupted', 'interrupted'])
    expect(after.runs[1].error).toMatch(/ended before the run finished/)
    const meta = JSON.parse(readFileSync(path.join(home, 'runs', second, 'meta.json'), 'utf8'))
    expect(meta).toMatchObject({ startedAt: null, study: studyId, seed: 4 })

    const resumed = await runCli(['resume', second], home)
    expect(resumed.code).toBe(0)
    expect(resumed.stderr).toContain(`Starting ${second}, which never started, from the beginning`)
    expect(shown().runs.map((r) => r.status)).toEqual(['interrupted', 'completed'])
  }, 180_000)
})
