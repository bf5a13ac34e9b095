import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { isAlive, startCli, tempHome, TINY, waitFor } from '../helpers/cli'

describe('a training process whose parent is killed with SIGKILL', () => {
  it('ends without a stack trace in the run log', async () => {
    const home = tempHome()
    // The command line is the parent: it forks the training process and records what it says.
    const parent = startCli(['run', 'shapes-cnn', ...TINY, '--set', 'epochs=500', '--json'], home)
    const runsDir = path.join(home, 'runs')
    let runDir = ''
    await waitFor(() => {
      const ids = existsSync(runsDir) ? readdirSync(runsDir).filter((d) => !d.startsWith('.')) : []
      if (ids.length === 0) return false
      runDir = path.join(runsDir, ids[0]!)
      const loss = path.join(runDir, 'metrics', 'loss.jsonl')
      return existsSync(loss) && readFileSync(loss, 'utf8').split('\n').length > 5
    }, 120_000, 'the run to take a few steps')
    const workerPid = JSON.parse(readFileSync(path.join(runDir, 'meta.json'), 'utf8')).workerPid as number
    expect(isAlive(workerPid)).toBe(true)
    parent.kill('SIGKILL')
    await waitFor(() => !isAlive(workerPid), 30_000, 'the training process to end')
    const log = readFileSync(path.join(runDir, 'log.txt'), 'utf8')
    // A JavaScript stack frame (`    at fn (file.js:1:2)`), not a native library's warning that names its C++ source.
    expect(log).not.toMatch(/EPIPE|ERR_IPC|Unhandled|^\s+at .*\.[cm]?[jt]s:\d+:\d+\)?$/m)
  }, 180_000)
})
