// @vitest-environment happy-dom
/**
 * "Fork from here": each checkpoint of the run page links to New run prefilled as a fork, where
 * the fields the experiment declares `shape` are kept from the parent and the request names the
 * run and checkpoint the new run begins from.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { setApi } from '../../../src/renderer/src/api'
import NewRunPage from '../../../src/renderer/src/pages/NewRunPage.vue'
import RunCheckpointsCard from '../../../src/renderer/src/components/run/RunCheckpointsCard.vue'
import RunReproCard from '../../../src/renderer/src/components/run/RunReproCard.vue'
import { fakeApi, flushPromises, makeDetail, shapesExperiment, testRouter } from '../fakeApi'

afterEach(() => setApi(null))

const checkpoints = [
  { name: 'epoch-0001', step: 4, epoch: 1, time: 0 },
  { name: 'epoch-0002', step: 8, epoch: 2, time: 0 },
]
const parentRun = makeDetail({
  id: 'r1',
  name: 'first',
  preset: 'quick',
  seed: 99,
  checkpoints,
  params: { config: { size: 20, epochs: 2, lr: 0.005, augment: false, optimizer: 'adam' }, seed: 99, data: null, backend: null },
})
/** shapes-cnn as the fake declares it, with `size` changing the model's shape. */
const withShape = { ...shapesExperiment, fields: shapesExperiment.fields.map((f) => (f.key === 'size' ? { ...f, shape: true } : f)) }

describe('forking from the run page', () => {
  it('links every checkpoint to New run as a fork', async () => {
    const router = await testRouter('/runs/r1')
    const wrapper = mount(RunCheckpointsCard, { props: { run: parentRun }, global: { plugins: [router] } })
    expect(wrapper.get('[data-testid="fork-epoch-0001"]').attributes('href')).toBe('/new?from=r1&checkpoint=epoch-0001')
    expect(wrapper.get('[data-testid="fork-epoch-0002"]').text()).toBe('Fork from here')
  })

  it('marks a weights-only checkpoint and says a fork from it starts the optimiser afresh', async () => {
    const router = await testRouter('/runs/r1')
    const run = { ...parentRun, checkpoints: [{ ...checkpoints[0], weightsOnly: true }, checkpoints[1]] }
    const wrapper = mount(RunCheckpointsCard, { props: { run }, global: { plugins: [router] } })
    expect(wrapper.get('[data-testid="weights-only-epoch-0001"]').text()).toContain('weights only')
    expect(wrapper.find('[data-testid="weights-only-epoch-0002"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="fork-epoch-0001"]').attributes('title')).toContain('fresh optimiser')
    expect(wrapper.get('[data-testid="fork-epoch-0002"]').attributes('title')).toContain('and optimiser state')
  })

  it('New run keeps the shape fields, changes the rest, and sends the parent and checkpoint', async () => {
    const api = fakeApi({ listExperiments: async () => [withShape], getRun: async () => parentRun })
    setApi(api)
    const router = await testRouter('/new?from=r1&checkpoint=epoch-0001')
    const wrapper = mount(NewRunPage, { global: { plugins: [createPinia(), router] }, attachTo: document.body })
    await flushPromises()
    expect(wrapper.get('[data-testid="fork-from"]').text()).toContain('first at checkpoint epoch-0001 (step 4)')
    expect(wrapper.find('[data-testid="from-run"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="field-size"]').attributes('disabled')).toBeDefined()
    expect(wrapper.find('[data-testid="field-locked-size"]').exists()).toBe(true)
    expect(wrapper.get('[data-testid="field-lr"]').attributes('disabled')).toBeUndefined()
    await wrapper.get('[data-testid="field-lr"]').setValue('0.001')
    await wrapper.get('[data-testid="field-epochs"]').setValue('6')
    expect(wrapper.get('[data-testid="start-run"]').text()).toBe('Start fork')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(api.startRun).toHaveBeenCalledWith({
      experiment: 'shapes-cnn',
      preset: 'quick',
      set: { size: 20, epochs: 6, lr: 0.001 },
      seed: 99,
      from: { runId: 'r1', checkpoint: 'epoch-0001' },
    })
    wrapper.unmount()
  })

  it("the child's record names the parent, the checkpoint and the parent's step", async () => {
    const router = await testRouter('/runs/c1')
    const child = makeDetail({ id: 'c1', parent: { runId: 'r1', checkpoint: 'epoch-0001', step: 4, epoch: 1 } })
    const wrapper = mount(RunReproCard, { props: { run: child }, global: { plugins: [router] } })
    expect(wrapper.text()).toContain('Forked from')
    expect(wrapper.text()).toContain('r1 · epoch-0001 (step 4)')
  })
})
