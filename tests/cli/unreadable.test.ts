import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../src/main/cli/main'
import { RunStore } from '../../src/main/store'
import type { DatasetInfo, RunSummary } from '../../src/shared/api'
import { tempHome } from '../helpers/cli'

const saved = process.env.BENCHTOP_HOME
afterEach(() => {
  if (saved === undefined) delete process.env.BENCHTOP_HOME
  else process.env.BENCHTOP_HOME = saved
})

async function cli(home: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  process.env.BENCHTOP_HOME = home
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (d) => (out += d))
  stderr.on('data', (d) => (err += d))
  const streams = { stdout, stderr } as unknown as Parameters<typeof main>[1]
  const code = await main(argv, streams)
  return { code, stdout: out, stderr: err }
}

function homeWithBrokenRuns() {
  const home = tempHome()
  const store = new RunStore(home)
  const init = { experiment: 'shapes-cnn', preset: 'quick', seed: 1, params: { config: {}, seed: 1, data: null, backend: null } }
  const good = store.createRun({ ...init, name: 'good' })
  store.updateMeta(good.id, { status: 'completed' })
  const broken = store.createRun({ ...init, name: 'broken' })
  writeFileSync(join(store.runDir(broken.id), 'meta.json'), JSON.stringify({ status: 'exploded', name: 'broken' }))
  const noParams = store.createRun({ ...init, name: 'no-params' })
  rmSync(join(store.runDir(noParams.id), 'params.json'))
  const old = new Date(Date.now() - 60_000)
  utimesSync(store.runDir(noParams.id), old, old)
  return { home, store, good: good.id, broken: broken.id, noParams: noParams.id }
}

describe('the command line and unreadable runs and datasets', () => {
  it('runs lists unreadable runs with the reason, in text and JSON', async () => {
    const { home, store, good, broken, noParams } = homeWithBrokenRuns()
    const text = await cli(home, 'runs')
    expect(text.code).toBe(0)
    expect(text.stdout).toContain(good)
    expect(text.stdout).toMatch(new RegExp(`${broken}\\s+broken\\s+\\S*\\s*unreadable`))
    expect(text.stdout).toContain('2 run folders cannot be read:')
    expect(text.stdout).toMatch(new RegExp(`  ${broken}: .*meta\\.json.*unknown status "exploded"`))
    expect(text.stdout).toMatch(new RegExp(`  ${noParams}: .*params\\.json is missing`))
    const json: RunSummary[] = JSON.parse((await cli(home, 'runs', '--json')).stdout)
    expect(json.map((r) => [r.id, r.status])).toEqual(
      expect.arrayContaining([
        [good, 'completed'],
        [broken, 'unreadable'],
        [noParams, 'unreadable'],
      ]),
    )
    expect(json.find((r) => r.id === broken)!.problem).toMatch(/unknown status/)
    await cli(home, 'delete', broken)
    const trash = await cli(home, 'runs', '--trash')
    expect(trash.stdout).toMatch(new RegExp(`${broken}.*unreadable`))
    expect(store.listRuns().map((r) => r.id)).not.toContain(broken)
  })

  it('show says in one line which file is wrong and how', async () => {
    const { home, broken, noParams } = homeWithBrokenRuns()
    const missing = await cli(home, 'show', noParams)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(new RegExp(`^benchtop show: \\S*${noParams}/params\\.json is missing[^\\n]*\\n$`))
    expect(missing.stderr).not.toContain('ENOENT')
    const bad = await cli(home, 'show', broken)
    expect(bad.stderr).toMatch(/^benchtop show: \S*meta\.json: meta\.json has an unknown status "exploded"\n$/)
  })

  it('datasets lists a corrupt record with its problem', async () => {
    const home = tempHome()
    mkdirSync(join(home, 'datasets'))
    writeFileSync(join(home, 'datasets', 'cats.json'), '{"id": "cats", "source": ')
    writeFileSync(join(home, 'datasets', 'dogs.json'), JSON.stringify({ id: 'other', source: '/x' }))
    const text = await cli(home, 'datasets')
    expect(text.stdout).toMatch(/cats\s+imported\s+unreadable/)
    expect(text.stdout).toContain('2 dataset records cannot be read:')
    expect(text.stdout).toMatch(/  cats: \S*cats\.json: not valid JSON/)
    expect(text.stdout).toMatch(/  dogs: \S*dogs\.json: its id "other" does not match the file name/)
    const json: DatasetInfo[] = JSON.parse((await cli(home, 'datasets', '--json')).stdout)
    expect(json.find((d) => d.id === 'cats')!.problem).toMatch(/cats\.json: not valid JSON/)
    const run = await cli(home, 'run', 'shapes-cnn', '--data', 'cats')
    expect(run.code).not.toBe(0)
  })
})
