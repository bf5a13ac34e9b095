import { describe, expect, it } from 'vitest'
import { skipWithoutBuiltRenderer } from '../helpers/prerequisites'
import type { ExperimentInfo } from '../../src/shared/api'
import { runCli, startCli, tempHome, waitFor } from '../helpers/cli'

describe('benchtop serve', () => {
  it.skipIf(skipWithoutBuiltRenderer())('prints one URL line, serves the API with its token, and exits 0 on SIGTERM', async () => {
    const child = startCli(['serve', '--port', '0', '--no-build'], tempHome())
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (d) => (stdout += d))
    child.stderr!.on('data', (d) => (stderr += d))
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    try {
      await waitFor(() => stdout.includes('\n') || child.exitCode !== null, 60_000, `the URL line (stderr: ${stderr})`)
      const match = /^Benchtop is serving on (http:\/\/127\.0\.0\.1:\d+\/\?token=([0-9a-f]{64}))\n$/.exec(stdout)
      expect(match, stdout + stderr).not.toBeNull()
      const url = new URL(match![1])
      expect(stderr).toContain('open this URL in a browser; Ctrl-C stops')

      const res = await fetch(new URL('/api/call', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-benchtop-token': match![2] },
        body: JSON.stringify({ method: 'listExperiments', args: [] }),
      })
      const body = (await res.json()) as { ok: boolean; result: ExperimentInfo[] }
      expect(body.ok).toBe(true)
      expect(body.result.map((e) => e.id)).toContain('shapes-cnn')
      expect((await fetch(new URL('/api/call', url), { method: 'POST' })).status).toBe(401)

      const page = await fetch(url)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<div id="app">')
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(1)
  })

  it('refuses a bad --port with a usage error', async () => {
    const r = await runCli(['serve', '--port', '70000'], tempHome())
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--port must be from 0 to 65535')
    expect(r.stderr).toContain('usage: benchtop serve [--port N] [--no-build]')
  })
})
