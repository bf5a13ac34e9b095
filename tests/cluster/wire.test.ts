/**
 * What a worker accepts from the queue: jobs are data checked as a local run's inputs are; paths
 * outside the data roots and data sets it does not have are refused with a reason; the queue
 * address never carries the password into records. Also the coordinator's step de-duplication.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { queueConnection } from '../../src/main/cluster/connection'
import { StepDeduper } from '../../src/main/cluster/remoteProcess'
import { validateJob, WIRE_VERSION, type RunJobData } from '../../src/main/cluster/wire'
import { checkConfigPaths, isInside, resolveJobData } from '../../src/main/cluster/workerData'

const job = (over: Partial<Record<keyof RunJobData, unknown>> = {}) => ({
  v: WIRE_VERSION,
  runId: '20261202-120000-abcd',
  name: 'a run',
  study: null,
  experiment: 'shapes-cnn',
  preset: 'quick',
  config: { size: 8, epochs: 2 },
  seed: 3,
  backend: null,
  data: null,
  ...over,
})

describe('validateJob', () => {
  it('resolves a good job as a local run would (preset values filled in)', () => {
    const ok = validateJob(job())
    expect(ok.config).toMatchObject({ size: 8, epochs: 2, classes: 3, trainCount: 480, filters: 6 })
  })

  it.each([
    [{ v: 99 }, /wire version 99/],
    [{ runId: '../../etc' }, /is not a run id/],
    [{ experiment: 'rm -rf' }, /unknown experiment/],
    [{ preset: 'nope' }, /unknown preset 'nope'/],
    [{ config: { size: 100000 } }, /config refused: .*size/],
    [{ config: { evil: 1 } }, /config refused: unknown config key 'evil'/],
    [{ backend: 'cuda-from-redis' }, /unknown backend/],
    [{ seed: 1.5 }, /whole-number seed/],
    [{ data: { kind: 'fingerprint', fingerprint: 'abc' } }, /without a valid sha256 fingerprint/],
  ])('refuses %j', (over, reason) => {
    expect(() => validateJob(job(over as Partial<Record<keyof RunJobData, unknown>>))).toThrow(reason)
  })
})

describe('data on a worker', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'benchtop-roots-'))
  const allowed = path.join(root, 'data')
  const outside = path.join(root, 'secret')
  mkdirSync(allowed)
  mkdirSync(outside)
  writeFileSync(path.join(outside, 'x'), 'x')
  symlinkSync(outside, path.join(allowed, 'escape'))

  it('counts a symlink out of a data root as outside it', () => {
    expect(isInside(allowed, allowed)).toBe(true)
    expect(isInside(allowed, path.join(allowed, 'escape'))).toBe(false)
    expect(isInside(allowed, path.join(allowed, '..', 'secret'))).toBe(false)
  })

  it('refuses config values that name paths outside the data roots', () => {
    expect(() => checkConfigPaths({ words: '/etc/passwd' }, [allowed])).toThrow(/words=\/etc\/passwd names a path outside this worker's data folders/)
    expect(() => checkConfigPaths({ words: '../x' }, [allowed])).toThrow(/outside/)
    expect(() => checkConfigPaths({ words: path.join(allowed, 'escape', 'x') }, [allowed])).toThrow(/outside/)
    expect(() => checkConfigPaths({ model: 'gru', size: 8 }, [])).not.toThrow()
  })

  it('uses built-ins by id and refuses a data set it does not have, saying what to do', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'benchtop-home-'))
    expect(await resolveJobData({ kind: 'builtin', id: 'shapes' }, home, [])).toBe('shapes')
    const wanted = { kind: 'fingerprint' as const, fingerprint: 'a'.repeat(64), id: 'flowers', path: path.join(outside, 'flowers'), name: 'flowers' }
    await expect(resolveJobData(wanted, home, [allowed])).rejects.toThrow(
      /data set 'flowers' \(fingerprint aaaaaaaaaaaa\) is not on this worker: import a copy .*outside this worker's data folders/,
    )
    await expect(resolveJobData({ ...wanted, path: path.join(allowed, 'flowers') }, home, [allowed])).rejects.toThrow(/nothing at/)
  })
})

describe('queueConnection', () => {
  it('reads the password from a file and keeps it out of the label', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'benchtop-pw-'))
    const file = path.join(dir, 'pw')
    writeFileSync(file, 's3cret\n')
    const c = queueConnection({ url: 'rediss://gpu-box:6380/2', passwordFile: file })
    expect(c.options).toMatchObject({ host: 'gpu-box', port: 6380, db: 2, password: 's3cret', tls: { servername: 'gpu-box' } })
    expect(c.label).toBe('rediss://gpu-box:6380/2')
    expect(queueConnection({ url: 'redis://:inline@h:1' }).label).toBe('redis://h:1')
    expect(() => queueConnection({ url: 'http://h' })).toThrow(/not supported/)
    expect(() => queueConnection({ url: 'redis://h', passwordFile: path.join(dir, 'none') })).toThrow(/no such file/)
  })
})

describe('StepDeduper', () => {
  it('keeps the first point of every step, fills a gap later, and starts from what is recorded', () => {
    const d = new StepDeduper({ 'metric:loss': [1, 2] })
    const p = (step: number, value = step) => ({ step, value })
    expect(d.fresh('metric:loss', [p(2), p(3), p(5)])).toEqual([p(3), p(5)])
    // A resumed attempt redoes 4..5: 4 is new, 5 is not.
    expect(d.fresh('metric:loss', [p(4, 40), p(5, 50), p(6)])).toEqual([p(4, 40), p(6)])
    expect(d.fresh('metric:acc', [p(1)])).toEqual([p(1)])
  })
})
