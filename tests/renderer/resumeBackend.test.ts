// @vitest-environment happy-dom
/**
 * Resume on a chosen backend, from the run page: the choices are the doctor's backends, and only
 * those that work here and have every kernel the run's experiment requires can be picked (the
 * expected verdicts are written out from the report below, not computed by the code under test).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { EngineReport } from '../../src/shared/api'
import { setApi } from '../../src/renderer/src/api'
import RunPage from '../../src/renderer/src/pages/RunPage.vue'
import { fakeApi, flushPromises, makeDetail, makeEngineReport, shapesExperiment, testRouter } from './fakeApi'

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setApi(null)
})

/** The fake doctor: cpu has everything, wasm lacks the filter gradient, native was not tried, webgpu is a software GPU with every kernel. */
function report(): EngineReport {
  const r = makeEngineReport()
  const absent: Record<string, string[] | undefined> = { cpu: [], wasm: ['Conv2DBackpropFilter'], webgpu: [], native: undefined, tensorflow: undefined, 'tensorflow-gpu': undefined }
  r.backends = r.backends.map((b) => ({ ...b, absentKernels: absent[b.name] }))
  return r
}

async function mountStopped() {
  const api = fakeApi({
    listExperiments: async () => [{ ...shapesExperiment, requiredKernels: ['Conv2D', 'Conv2DBackpropFilter'] }],
    engineReport: async () => report(),
    getRun: async (id: string) => makeDetail({ id, experiment: shapesExperiment.id, status: 'interrupted', lastCheckpoint: 'epoch-0001', backend: 'wasm' }),
  })
  setApi(api)
  const router = await testRouter('/runs/r1')
  wrapper = mount(RunPage, { global: { plugins: [createPinia(), router], stubs: { MetricChart: true } }, attachTo: document.body })
  await flushPromises()
  return { api, w: wrapper }
}

describe('Resume on another backend', () => {
  it("offers the backends that can train the run's experiment and disables the others with the reason", async () => {
    const { w } = await mountStopped()
    const options = w.findAll('[data-testid="resume-backend"] option')
    const byValue = Object.fromEntries(options.map((o) => [o.attributes('value'), o]))
    expect(Object.keys(byValue).sort()).toEqual(['', 'cpu', 'native', 'tensorflow', 'tensorflow-gpu', 'wasm', 'webgpu'])
    expect(byValue.cpu.attributes('disabled')).toBeUndefined()
    expect(byValue.webgpu.attributes('disabled')).toBeUndefined()
    expect(byValue.wasm.attributes('disabled')).toBeDefined()
    expect(byValue.wasm.text()).toContain('no Conv2DBackpropFilter kernel')
    expect(byValue.native.attributes('disabled')).toBeDefined()
    expect(byValue.native.text()).toContain('not built for this platform')
    expect(byValue['tensorflow-gpu'].attributes('disabled')).toBeDefined()
  })

  it('resumes on the chosen backend, or on the run\'s own setting when none is chosen', async () => {
    const { api, w } = await mountStopped()
    await w.get('[data-testid="run-resume"]').trigger('click')
    await flushPromises()
    expect(api.resumeRun).toHaveBeenLastCalledWith('r1', undefined)
    await w.get('[data-testid="resume-backend"]').setValue('cpu')
    await w.get('[data-testid="run-resume"]').trigger('click')
    await flushPromises()
    expect(api.resumeRun).toHaveBeenLastCalledWith('r1', 'cpu')
  })
})
