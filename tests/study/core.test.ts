/** Studies in the core, with training processes faked (fakeLauncher.ts): queue, record, table, cancel, kill. */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BenchtopCore } from '../../src/main/core/benchtopCore'
import { StudyStore } from '../../src/main/store'
import type { CoreEvent, StartStudyRequest } from '../../src/shared/api'
import { tempHome, waitFor } from '../helpers/cli'
import { fakeLauncher } from './fakeLauncher'
import { findExperimentInfo } from '../../src/main/experiments/registry'

const resnet = findExperimentInfo('resnet')

/** The resnet quick preset's values (the study's runs build on them). */
const QUICK = resnet.presets.find((p) => p.name === 'quick')!.values as { size: number; trainLimit: number }

const SHORTCUT_STUDY: StartStudyRequest = {
  experiment: 'resnet',
  preset: 'quick',
  set: { epochs: 2 },
  sweep: [
    { key: 'model', values: ['ResNet18', 'ResNet50'] },
    { key: 'shortcut', values: ['true', 'false'] },
  ],
  seed: 5,
}

const DEAD_PID = 2 ** 22 + 12345

function setup() {
  const home = tempHome()
  const fake = fakeLauncher()
  const core = new BenchtopCore({ home, launcher: fake.launcher })
  const events: CoreEvent[] = []
  core.subscribe((e) => events.push(e))
  return { home, fake, core, events }
}

describe('studies in the core', () => {
  it('queues the cross product with one seed, runs it one at a time, and tables the result', async () => {
    const { home, fake, core, events } = setup()
    const study = await core.startStudy(SHORTCUT_STUDY)
    expect(study.runIds).toHaveLength(4)
    expect(study.combinations).toEqual([
      { model: 'ResNet18', shortcut: true },
      { model: 'ResNet18', shortcut: false },
      { model: 'ResNet50', shortcut: true },
      { model: 'ResNet50', shortcut: false },
    ])
    expect(study.statuses).toEqual({ running: 1, queued: 3 })
    // The record on disk, and every run's meta naming the study.
    const record = JSON.parse(readFileSync(path.join(home, 'studies', `${study.id}.json`), 'utf8'))
    expect(record).toMatchObject({ id: study.id, experiment: 'resnet', preset: 'quick', seed: 5, parallel: 1, set: { epochs: 2 }, runIds: study.runIds })
    for (const id of study.runIds) {
      const meta = core.store.readMeta(id)
      expect(meta.study).toBe(study.id)
      expect(meta.seed).toBe(5)
    }
    expect(events.filter((e) => e.type === 'run-status' && e.status === 'queued')).toHaveLength(4)

    for (let i = 0; i < 4; i++) {
      await waitFor(() => fake.started.length === i + 1, 5000, `run ${i + 1} to start`)
      expect(fake.running).toBe(1)
      const run = fake.started[i]
      // Same seed, same preset; only the swept values differ.
      expect(run.job.runId).toBe(study.runIds[i])
      expect(run.job.seed).toBe(5)
      expect(run.job.resumeFrom).toBeNull()
      expect({ model: run.job.config.model, shortcut: run.job.config.shortcut }).toEqual(study.combinations[i])
      expect(run.job.config).toMatchObject({ epochs: 2, size: QUICK.size, trainLimit: QUICK.trainLimit })
      run.finish()
    }
    const done = await core.studies.wait(study.id)
    expect(fake.maxRunning).toBe(1)
    expect(done.statuses).toEqual({ completed: 4 })
    expect(done.table.map((r) => [r.values.model, r.values.shortcut, r.finalTrainAccuracy, r.bestValAccuracy, r.params, r.epochs])).toEqual([
      ['ResNet18', true, 0.75, 0.65, 120, 2],
      ['ResNet18', false, 0.5, 0.4, 100, 2],
      ['ResNet50', true, 0.75, 0.65, 120, 2],
      ['ResNet50', false, 0.5, 0.4, 100, 2],
    ])
    // Epoch 2, from epoch 1's end (epoch 1 pays start-up costs and is left out).
    expect(done.table[0].medianEpochMs).toBe(1000)
    expect((await core.listStudies()).map((s) => [s.id, s.statuses])).toEqual([[study.id, { completed: 4 }]])
    expect((await core.getStudy(study.id.slice(0, 20))).id).toBe(study.id)
  })

  it('runs N at a time with parallel N', async () => {
    const { fake, core } = setup()
    const study = await core.startStudy({ ...SHORTCUT_STUDY, parallel: 2 })
    await waitFor(() => fake.started.length === 2, 5000, 'two runs')
    await new Promise((r) => setTimeout(r, 50))
    expect(fake.started).toHaveLength(2)
    fake.started[1].finish()
    await waitFor(() => fake.started.length === 3, 5000, 'the third run')
    for (const r of fake.started) r.finish()
    await waitFor(() => fake.started.length === 4, 5000, 'the fourth run')
    fake.started[3].finish()
    const done = await core.studies.wait(study.id)
    expect(fake.maxRunning).toBe(2)
    expect(done.statuses).toEqual({ completed: 4 })
  })

  it('cancelling a study cancels the running run and the queued ones never start', async () => {
    const { fake, core } = setup()
    const study = await core.startStudy(SHORTCUT_STUDY)
    await waitFor(() => fake.started.length === 1, 5000, 'the first run')
    await core.cancelStudy(study.id)
    const done = await core.studies.wait(study.id)
    expect(fake.started).toHaveLength(1)
    expect(fake.started[0].cancelled).toBe(true)
    expect(done.statuses).toEqual({ cancelled: 4 })
  })

  it('a queued run cancelled on its own is skipped, the others go on', async () => {
    const { fake, core } = setup()
    const study = await core.startStudy(SHORTCUT_STUDY)
    await waitFor(() => fake.started.length === 1, 5000, 'the first run')
    await core.cancelRun(study.runIds[1])
    expect(core.store.readMeta(study.runIds[1]).status).toBe('cancelled')
    fake.started[0].finish()
    await waitFor(() => fake.started.length === 2, 5000, 'the next run')
    expect(fake.started[1].job.runId).toBe(study.runIds[2])
    fake.started[1].finish()
    await waitFor(() => fake.started.length === 3, 5000, 'the last run')
    fake.started[2].finish()
    expect((await core.studies.wait(study.id)).statuses).toEqual({ completed: 3, cancelled: 1 })
  })

  it('queued runs of a killed process become interrupted, and resume starts them from the beginning', async () => {
    const { home, fake, core } = setup()
    const study = await core.startStudy(SHORTCUT_STUDY)
    await waitFor(() => fake.started.length === 1, 5000, 'the first run')
    // The process that queued them dies: its pid is gone.
    for (const id of study.runIds.slice(1)) core.store.updateMeta(id, { ownerPid: DEAD_PID })
    const fake2 = fakeLauncher()
    const later = new BenchtopCore({ home, launcher: fake2.launcher })
    const seen = await later.getStudy(study.id)
    expect(seen.runs.slice(1).map((r) => r.status)).toEqual(['interrupted', 'interrupted', 'interrupted'])
    expect(seen.runs[1].error).toContain(`pid ${DEAD_PID}`)
    const resumed = await later.resumeRun(study.runIds[2])
    expect(resumed.status).toBe('running')
    expect(fake2.started[0].job).toMatchObject({ runId: study.runIds[2], seed: 5, resumeFrom: null, config: { model: 'ResNet50', shortcut: true } })
    fake2.started[0].finish()
    expect((await later.waitForRun(study.runIds[2])).status).toBe('completed')
    fake.started[0].finish()
  })

  it('closing the app leaves queued runs interrupted (resumable), not cancelled', async () => {
    const { fake, core } = setup()
    const study = await core.startStudy(SHORTCUT_STUDY)
    await waitFor(() => fake.started.length === 1, 5000, 'the first run')
    await core.shutdown()
    const after = await core.getStudy(study.id)
    expect(after.runs.map((r) => r.status)).toEqual(['cancelled', 'interrupted', 'interrupted', 'interrupted'])
    expect(after.runs[1].error).toContain('resume starts it')
    expect(fake.started).toHaveLength(1)
  })

  it('refuses a bad sweep before creating anything', async () => {
    const { home, core } = setup()
    await expect(core.startStudy({ ...SHORTCUT_STUDY, sweep: [{ key: 'model', values: ['ResNet34'] }] })).rejects.toThrow('--sweep model: model must be one of ResNet18, ResNet50')
    await expect(core.startStudy({ ...SHORTCUT_STUDY, backend: 'gpu' as never })).rejects.toThrow("unknown backend 'gpu'")
    await expect(core.startStudy({ ...SHORTCUT_STUDY, data: path.join(home, 'nope') })).rejects.toThrow('no such file or folder')
    expect(await core.listRuns()).toEqual([])
    expect(await core.listStudies()).toEqual([])
    await expect(core.getStudy('study-nope')).rejects.toThrow(`no study 'study-nope' in ${path.join(home, 'studies')}`)
  })
})

describe('StudyStore', () => {
  it('claims distinct ids, skips a study still being written, reports a broken file', () => {
    const home = tempHome()
    const problems: string[] = []
    const store = new StudyStore(home, (file, message) => problems.push(`${path.basename(file)}: ${message}`))
    const now = new Date('2030-01-02T03:04:05Z')
    const ids = new Set(Array.from({ length: 20 }, () => store.claimId(now)))
    expect(ids.size).toBe(20)
    expect([...ids].every((id) => id.startsWith('study-20300102-030405-'))).toBe(true)
    expect(store.list()).toEqual([])
    mkdirSync(store.dir, { recursive: true })
    writeFileSync(path.join(store.dir, 'study-broken.json'), '{"id": 1}')
    expect(store.list()).toEqual([])
    expect(problems).toEqual(["study-broken.json: " + path.join(store.dir, 'study-broken.json') + " has no text field 'id'"])
    expect(() => store.read('../runs')).toThrow("no study '../runs'")
  })
})
