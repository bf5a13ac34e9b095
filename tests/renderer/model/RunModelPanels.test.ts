// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { setApi } from '../../../src/renderer/src/api'
import RunModelPanels from '../../../src/renderer/src/components/model/RunModelPanels.vue'
import type { Capability, RunDetail } from '../../../src/shared/api'
import { fakeApi, flushPromises, makeDetail } from '../fakeApi'
import { CNN_SUMMARY } from './fixtures'

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setApi(null)
})

const checkpoint = { name: 'epoch-0004', step: 120, epoch: 4, time: 1 }

const CLASSIFIER: Capability[] = ['classify-images', 'model-view']
const LANGUAGE_MODEL: Capability[] = ['score-words', 'sample-words']

async function panelsFor(run: RunDetail, capabilities: Capability[] = CLASSIFIER) {
  setApi(fakeApi({ modelSummary: async () => CNN_SUMMARY }))
  wrapper = mount(RunModelPanels, { props: { run, capabilities } })
  await flushPromises()
  return { predict: wrapper.find('[data-testid=predict-panel]').exists(), model: wrapper.find('[data-testid=model-view]').exists() }
}

describe('RunModelPanels (mounted on the run page)', () => {
  it('offers predictions only on a completed run that can classify images, with a checkpoint, and the model view where declared', async () => {
    expect(await panelsFor(makeDetail({ status: 'completed', checkpoints: [checkpoint] }))).toEqual({ predict: true, model: true })
    expect(await panelsFor(makeDetail({ status: 'running', checkpoints: [checkpoint] }))).toEqual({ predict: false, model: true })
    expect(await panelsFor(makeDetail({ status: 'completed', checkpoints: [] }))).toEqual({ predict: false, model: true })
    expect(await panelsFor(makeDetail({ experiment: 'resnet', status: 'completed', checkpoints: [checkpoint] }))).toEqual({ predict: true, model: true })
    expect(await panelsFor(makeDetail({ experiment: 'char-rnn', status: 'completed', checkpoints: [checkpoint] }), LANGUAGE_MODEL)).toEqual({ predict: false, model: false })
    // Chosen by the declared capabilities, not by the experiment's name.
    expect(await panelsFor(makeDetail({ experiment: 'new-classifier', status: 'completed', checkpoints: [checkpoint] }))).toEqual({ predict: true, model: true })
  })
})
