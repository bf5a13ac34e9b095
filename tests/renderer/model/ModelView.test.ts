// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { setApi } from '../../../src/renderer/src/api'
import ModelView from '../../../src/renderer/src/components/model/ModelView.vue'
import { fakeApi, flushPromises } from '../fakeApi'
import { CNN_SUMMARY, RESNET_SUMMARY } from './fixtures'

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setApi(null)
})

async function mountView(summary: typeof RESNET_SUMMARY | Error) {
  const api = fakeApi({
    modelSummary: async () => {
      if (summary instanceof Error) throw summary
      return summary
    },
  })
  setApi(api)
  wrapper = mount(ModelView, { props: { runId: 'run-1' } })
  await flushPromises()
  return { api, w: wrapper }
}

describe('ModelView', () => {
  it('lists a ResNet as blocks with their shortcuts marked and the total', async () => {
    const { api, w } = await mountView(RESNET_SUMMARY)
    expect(api.modelSummary).toHaveBeenCalledWith('run-1')
    const rows = w.findAll('[data-testid=model-row]')
    expect(rows.map((r) => [r.attributes('data-name'), r.attributes('data-shortcut')])).toEqual([
      ['stem', ''],
      ['g1b1', 'identity'],
      ['g2b1', 'projection'],
      ['head', ''],
    ])
    // The shortcut arc is drawn for the two blocks that have one, boxed for the projection.
    expect(rows.map((r) => r.find('.arc').exists())).toEqual([false, true, true, false])
    expect(rows[2].classes()).toContain('shortcut-projection')
    expect(rows[2].text()).toContain('1×1 projection')
    expect(rows[2].text()).toContain('8×8×128')
    expect(rows[2].text()).toContain('3,000')
    expect(w.get('[data-testid=model-params]').text()).toBe('6,099')
    expect(w.get('[data-testid=model-legend]').text()).toMatch(/2 residual blocks:\s+1 identity shortcut,\s+1 with a 1×1 projection/)
    expect(w.get('[data-testid=model-total]').text()).toContain('64×64×3 → 3')
  })

  it('lists any other model layer by layer, without a shortcut column', async () => {
    const { w } = await mountView(CNN_SUMMARY)
    expect(w.findAll('[data-testid=model-row]').map((r) => r.attributes('data-name'))).toEqual(['conv2d_1', 'dense_1'])
    expect(w.find('.rail').exists()).toBe(false)
    expect(w.find('[data-testid=model-legend]').exists()).toBe(false)
    expect(w.findAll('thead th').map((t) => t.text())).toEqual(['Layer', 'Type', 'Output', 'Parameters'])
    expect(w.get('[data-testid=model-params]').text()).toBe('643')
  })

  it('says why when the model cannot be described', async () => {
    const { w } = await mountView(new Error('run x is a char-rnn run, not an image classifier'))
    expect(w.get('[role=alert]').text()).toContain('not an image classifier')
    expect(w.findAll('[data-testid=model-row]')).toHaveLength(0)
  })
})
