/**
 * Every registered experiment is complete (the types already make a missing part a compile error;
 * this checks what they cannot: names that must match) and trains its default preset for a few
 * steps, writing only the metrics and outputs it declares.
 */
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CAPABILITIES } from '../../src/shared/api'
import { probeBackends } from '../../src/main/engine/backends'
import { resolveConfig } from '../../src/main/experiments/config'
import { EXPERIMENTS, experimentInfo, listExperimentInfo } from '../../src/main/experiments/registry'
import type { TrainJob } from '../../src/main/training/protocol'
import { testContext } from '../helpers/trainerContext'

/** Optimiser steps each experiment trains in the smoke run. */
const STEPS = 3

describe('the experiment registry', () => {
  it('holds unique ids, and the API gets plain data (no functions over IPC)', () => {
    const ids = EXPERIMENTS.map((e) => e.id)
    expect(new Set(ids).size).toBe(ids.length)
    const infos = listExperimentInfo()
    expect(JSON.parse(JSON.stringify(infos))).toEqual(infos)
  })

  for (const experiment of EXPERIMENTS) {
    describe(experiment.id, () => {
      const info = experimentInfo(experiment)

      it('declares its metrics, headline, outputs, capabilities and data description consistently', () => {
        expect(info.dataDescription.length).toBeGreaterThan(5)
        const names = info.metrics.map((m) => m.name)
        expect(new Set(names).size).toBe(names.length)
        expect(info.headline.length).toBeGreaterThan(0)
        for (const h of info.headline) expect(names, `headline ${h}`).toContain(h)
        // Validation first: the first headline metric is measured on held-out data, once per epoch.
        expect(info.metrics.find((m) => m.name === info.headline[0])!.cadence).toBe('epoch')
        expect(info.outputs.some((o) => o.kind === 'scalars')).toBe(true)
        for (const c of info.capabilities) expect(CAPABILITIES).toContain(c)
        expect(info.presets.map((p) => p.name)).toContain(info.defaultPreset)
        for (const preset of info.presets) expect(() => resolveConfig(info, preset.name)).not.toThrow()
        for (const study of info.studies) for (const axis of study.sweep) expect(info.fields.map((f) => f.key)).toContain(axis.key)
      })

      it(`trains its ${experiment.defaultPreset} preset for ${STEPS} steps, writing only declared metrics and outputs`, async () => {
        await probeBackends({ required: experiment.requiredKernels })
        const { config } = resolveConfig(info, info.defaultPreset)
        const runDir = mkdtempSync(path.join(os.tmpdir(), `contract-${experiment.id}-`))
        const job: TrainJob = {
          runId: 'r1',
          experiment: experiment.id,
          config,
          seed: 3,
          data: null,
          backend: null,
          home: mkdtempSync(path.join(os.tmpdir(), 'contract-home-')),
          runDir,
          resumeFrom: null,
        }
        const metrics = new Set<string>()
        const samples = new Set<string>()
        let step = 0
        const ctx = testContext({
          runDir,
          shouldStop: () => step >= STEPS,
          reporter: {
            metric: (name) => metrics.add(name),
            sample: (name) => samples.add(name),
            progress: (s) => (step = s),
          },
        })
        const trainer = await experiment.trainer()
        expect(await trainer(job, ctx)).toBe('cancelled')
        expect(step).toBe(STEPS)
        const declared = info.metrics.map((m) => m.name)
        const stepMetrics = info.metrics.filter((m) => m.cadence === 'step').map((m) => m.name)
        for (const name of metrics) expect(declared, `metric ${name} is written but not declared`).toContain(name)
        for (const name of stepMetrics) expect([...metrics], `per-step metric ${name}`).toContain(name)
        const outputNames = info.outputs.map((o) => o.name)
        for (const name of samples) expect(outputNames, `sample ${name} is written but not declared as an output`).toContain(name)
        // Images belong to an `images` output, or are the contact sheet of a `predictions` output.
        for (const image of ctx.images) expect(info.outputs.filter((o) => o.kind === 'images' || o.kind === 'predictions').map((o) => o.name)).toContain(image.series)
      }, 600_000)
    })
  }
})
