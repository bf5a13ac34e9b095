// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { setApi } from '../../src/renderer/src/api'
import EnginePage from '../../src/renderer/src/pages/EnginePage.vue'
import { fakeApi, flushPromises, testRouter } from './fakeApi'

afterEach(() => setApi(null))

describe('EnginePage', () => {
  it('lists every backend in the engine order, with the reason each one is not used', async () => {
    const api = fakeApi()
    setApi(api)
    const wrapper = mount(EnginePage, { global: { plugins: [createPinia(), await testRouter('/engine')] } })
    await flushPromises()
    expect(api.engineReport).toHaveBeenCalledWith(false)
    const report = wrapper.get('[data-testid="engine-report"]')
    expect(report.attributes('data-selected')).toBe('wasm')
    expect(report.text()).toContain('Test CPU (4 cores)')
    const rows = wrapper.findAll('[data-testid="backend-row"]')
    expect(rows.map((r) => r.attributes('data-backend'))).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'native', 'wasm', 'cpu'])
    const byName = (name: string) => wrapper.get(`[data-backend="${name}"]`)
    expect(byName('tensorflow-gpu').text()).toContain('no CUDA driver found')
    expect(byName('tensorflow').text()).toContain('native binding not installed')
    expect(byName('native').text()).toContain('not built for this platform')
    expect(byName('native').get('[data-testid="backend-tried"]').text()).toBe('no')
    expect(byName('tensorflow').get('[data-testid="backend-tried"]').text()).toBe('yes')
    expect(byName('tensorflow').get('[data-testid="backend-result"]').text()).toBe('failed')
    expect(byName('cpu').get('[data-testid="backend-result"]').text()).toBe('ok')
    expect(byName('wasm').attributes('data-selected')).toBe('true')
    expect(byName('wasm').classes()).toContain('selected')
    expect(byName('wasm').text()).toContain('3.5 ms')
    expect(byName('wasm').find('[data-testid="backend-reason"]').exists()).toBe(false)
    // The GPU adapter: software, its driver and limits, and why it is not used.
    const adapter = byName('webgpu').get('[data-testid="backend-adapter"]')
    expect(adapter.attributes('data-software')).toBe('true')
    expect(adapter.text()).toContain('software GPU')
    expect(adapter.text()).toContain('google swiftshader')
    expect(adapter.text()).toContain('driver: SwiftShader driver 5.0.0')
    expect(adapter.text()).toContain('maxStorageBufferBindingSize 0.5 GiB')
    expect(byName('webgpu').get('[data-testid="backend-reason"]').text()).toContain('never chosen automatically')
    expect(byName('cpu').find('[data-testid="backend-adapter"]').exists()).toBe(false)
    // Works but comes after the selected one: says so.
    expect(byName('cpu').get('[data-testid="backend-reason"]').text()).toContain('wasm comes first')
    wrapper.unmount()
  })

  it('shows missing kernels and runs the checks again', async () => {
    const api = fakeApi()
    setApi(api)
    const wrapper = mount(EnginePage, { global: { plugins: [createPinia(), await testRouter('/engine')] } })
    await flushPromises()
    api.engineReport.mockImplementation(async () => {
      const { makeEngineReport } = await import('./fakeApi')
      const report = makeEngineReport()
      report.backends[0] = { ...report.backends[0], missingKernels: ['Conv2DBackpropFilter', 'MaxPoolGrad'] }
      return report
    })
    await wrapper.get('[data-testid="engine-refresh"]').trigger('click')
    await flushPromises()
    expect(api.engineReport).toHaveBeenLastCalledWith(true)
    const cpu = wrapper.get('[data-backend="cpu"]')
    expect(cpu.get('[data-testid="backend-missing-kernels"]').text()).toContain('Conv2DBackpropFilter')
    expect(cpu.get('[data-testid="backend-reason"]').text()).toContain('lacks 2 training kernels')
    wrapper.unmount()
  })

  it('shows an engine failure as a message, not a blank page', async () => {
    setApi(
      fakeApi({
        engineReport: async () => {
          throw new Error('the probe process crashed')
        },
      }),
    )
    const wrapper = mount(EnginePage, { global: { plugins: [createPinia(), await testRouter('/engine')] } })
    await flushPromises()
    expect(wrapper.text()).toContain('the probe process crashed')
    wrapper.unmount()
  })
})
