// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { setApi } from '../../src/renderer/src/api'
import NewRunPage from '../../src/renderer/src/pages/NewRunPage.vue'
import { fakeApi, flushPromises, makeDataset, makeDetail, shapesExperiment, testRouter, type FakeApi } from './fakeApi'

afterEach(() => setApi(null))

async function mountPage(api: FakeApi, path = '/new') {
  setApi(api)
  const router = await testRouter(path)
  const wrapper = mount(NewRunPage, { global: { plugins: [createPinia(), router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('NewRunPage', () => {
  it("names each experiment's own default data in the Data card, not always generated shapes", async () => {
    const words = { ...shapesExperiment, id: 'words-lm', title: 'Words', datasetKinds: ['words'], dataDescription: 'the built-in English word list', studies: [] }
    const { wrapper } = await mountPage(fakeApi({ listExperiments: async () => [shapesExperiment, words] }))
    expect(wrapper.get('[data-testid="default-data"]').text()).toBe('Experiment default (generated shapes from the config below and the seed)')
    await wrapper.get('[data-testid="experiment-select"]').setValue('words-lm')
    await flushPromises()
    expect(wrapper.get('[data-testid="default-data"]').text()).toBe('Experiment default (the built-in English word list)')
    expect(wrapper.text()).not.toContain('generated shapes')
    wrapper.unmount()
  })

  it('generates an input per field, filled from the preset, with its why as the hint', async () => {
    const { wrapper } = await mountPage(fakeApi())
    const size = wrapper.get('[data-testid="field-size"]')
    expect(size.attributes('type')).toBe('number')
    expect(size.attributes('min')).toBe('8')
    expect(size.attributes('max')).toBe('256')
    expect((size.element as HTMLInputElement).value).toBe('16')
    expect((wrapper.get('[data-testid="field-lr"]').element as HTMLInputElement).value).toBe('0.005')
    expect(wrapper.get('[data-testid="field-augment"]').attributes('type')).toBe('checkbox')
    expect(wrapper.get('[data-testid="field-optimizer"]').element.tagName).toBe('SELECT')
    expect(wrapper.findAll('[data-testid="field-optimizer"] option').map((o) => o.text())).toEqual(['adam', 'sgd'])
    expect(wrapper.get('[data-testid="field-why-size"]').text()).toBe('Images are resized to size x size.')
    expect(wrapper.text()).toContain("Adam's standard default.")
    expect(wrapper.get('[data-testid="preset-description"]').text()).toContain('Trains in under a minute.')
    wrapper.unmount()
  })

  it('shows range and whole-number errors inline and blocks Start', async () => {
    const api = fakeApi()
    const { wrapper } = await mountPage(api)
    await wrapper.get('[data-testid="field-size"]').setValue('300')
    expect(wrapper.get('[data-testid="field-error-size"]').text()).toBe('Must be between 8 and 256.')
    expect(wrapper.get('[data-testid="start-run"]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid="field-size"]').setValue('12.5')
    expect(wrapper.get('[data-testid="field-error-size"]').text()).toBe('Must be a whole number.')
    await wrapper.get('[data-testid="seed-input"]').setValue('-3')
    expect(wrapper.find('[data-testid="seed-error"]').exists()).toBe(true)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(api.startRun).not.toHaveBeenCalled()
    await wrapper.get('[data-testid="field-size"]').setValue('24')
    expect(wrapper.find('[data-testid="field-error-size"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('sends only the overrides, the seed and the name, then opens the run', async () => {
    const api = fakeApi({ listDatasets: async () => [makeDataset(), makeDataset({ id: 'pets', name: 'Pets', origin: 'imported' })] })
    const { wrapper, router } = await mountPage(api)
    await wrapper.get('[data-testid="field-size"]').setValue('24')
    await wrapper.get('[data-testid="field-epochs"]').setValue('4') // same as the preset: not an override
    await wrapper.get('[data-testid="field-augment"]').setValue(true)
    await wrapper.get('[data-testid="seed-input"]').setValue('42')
    await wrapper.get('[data-testid="run-name-input"]').setValue('  bigger images ')
    await wrapper.get('[data-testid="dataset-select"]').setValue('pets')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(api.startRun).toHaveBeenCalledTimes(1)
    expect(api.startRun).toHaveBeenCalledWith({
      experiment: 'shapes-cnn',
      preset: 'quick',
      set: { size: 24, augment: true },
      data: 'pets',
      seed: 42,
      name: 'bigger images',
    })
    expect(router.currentRoute.value.path).toBe('/runs/new-run')
    wrapper.unmount()
  })

  it('leaves the seed out when blank and shows startRun errors above Start', async () => {
    const api = fakeApi({
      startRun: async () => {
        throw new Error("unknown backend 'x'")
      },
    })
    const { wrapper, router } = await mountPage(api)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(api.startRun).toHaveBeenCalledWith({ experiment: 'shapes-cnn', preset: 'quick' })
    expect(wrapper.get('[data-testid="form-error"]').text()).toContain("unknown backend 'x'")
    expect(router.currentRoute.value.path).toBe('/new')
    wrapper.unmount()
  })

  it('a new preset refills the fields the user did not edit', async () => {
    const api = fakeApi()
    const { wrapper } = await mountPage(api)
    await wrapper.get('[data-testid="field-epochs"]').setValue('7')
    await wrapper.get('[data-testid="preset-select"]').setValue('default')
    expect((wrapper.get('[data-testid="field-size"]').element as HTMLInputElement).value).toBe('32')
    expect((wrapper.get('[data-testid="field-epochs"]').element as HTMLInputElement).value).toBe('7')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(api.startRun).toHaveBeenCalledWith({ experiment: 'shapes-cnn', preset: 'default', set: { epochs: 7 } })
    wrapper.unmount()
  })

  it('?from=<run> fills config, seed, data and backend to run it again exactly', async () => {
    const api = fakeApi({
      getRun: async (id: string) =>
        makeDetail({ id, name: 'first', preset: 'quick', seed: 99, params: { config: { size: 20, epochs: 4, lr: 0.005, augment: false, optimizer: 'adam' }, seed: 99, data: 'shapes', backend: 'cpu' } }),
    })
    const { wrapper } = await mountPage(api, '/new?from=r1')
    expect(api.getRun).toHaveBeenCalledWith('r1')
    expect(wrapper.get('[data-testid="from-run"]').text()).toContain('first')
    expect((wrapper.get('[data-testid="field-size"]').element as HTMLInputElement).value).toBe('20')
    expect((wrapper.get('[data-testid="seed-input"]').element as HTMLInputElement).value).toBe('99')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(api.startRun).toHaveBeenCalledWith({ experiment: 'shapes-cnn', preset: 'quick', set: { size: 20 }, data: 'shapes', seed: 99, backend: 'cpu' })
    wrapper.unmount()
  })
})

describe('NewRunPage navigation', () => {
  it('starts over when the URL drops ?from=', async () => {
    const api = fakeApi({
      getRun: async (id: string) => makeDetail({ id, params: { config: { size: 20 }, seed: 99, data: null, backend: null } }),
    })
    const { wrapper, router } = await mountPage(api, '/new?from=r1')
    expect((wrapper.get('[data-testid="seed-input"]').element as HTMLInputElement).value).toBe('99')
    await router.push('/new')
    await flushPromises()
    expect(wrapper.find('[data-testid="from-run"]').exists()).toBe(false)
    expect((wrapper.get('[data-testid="seed-input"]').element as HTMLInputElement).value).toBe('')
    expect((wrapper.get('[data-testid="field-size"]').element as HTMLInputElement).value).toBe('16')
    wrapper.unmount()
  })
})
