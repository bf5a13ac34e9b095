// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { setApi } from '../../../src/renderer/src/api'
import PredictPanel from '../../../src/renderer/src/components/predict/PredictPanel.vue'
import type { DetectImage } from '../../../src/shared/api'
import type { PredictionResult } from '../../../src/shared/prediction'
import { fakeApi, flushPromises, type FakeApi } from '../fakeApi'

const CHECKPOINTS = [
  { name: 'epoch-0001', step: 4, epoch: 1, time: 1 },
  { name: 'epoch-0002', step: 8, epoch: 2, time: 2 },
]

/** A core stand-in: "bad" files are no image, everything else is mostly a circle; records what it was sent. */
function predictingApi(): FakeApi {
  return fakeApi({
    predictImages: async (runId: string, images: DetectImage[], checkpoint?: string): Promise<PredictionResult> => ({
      runId,
      checkpoint: checkpoint ?? 'epoch-0002',
      epoch: 2,
      size: 16,
      backend: 'cpu',
      classes: ['circle', 'square', 'triangle'],
      predictions: images.map((image) =>
        image.name.startsWith('bad')
          ? { file: image.name, error: 'not a readable image: unsupported image format' }
          : {
              file: image.name,
              top: 'circle',
              probabilities: [
                { class: 'circle', p: 0.7 },
                { class: 'square', p: 0.2 },
                { class: 'triangle', p: 0.1 },
              ],
            },
      ),
    }),
  })
}

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setApi(null)
})

async function mountPanel(api: FakeApi) {
  setApi(api)
  wrapper = mount(PredictPanel, { props: { runId: 'run-1', checkpoints: CHECKPOINTS, lastCheckpoint: 'epoch-0002' }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const file = (name: string, bytes = 'png bytes') => new File([bytes], name, { type: 'image/png' })

/** Reads take a macrotask in happy-dom: wait until every item has settled. */
async function settle(w: VueWrapper): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 5))
    if (w.findAll('[data-testid=predict-item]').every((n) => ['done', 'error'].includes(n.attributes('data-state') ?? ''))) return
  }
}

async function drop(w: VueWrapper, files: File[]): Promise<void> {
  const zone = w.get('[data-testid=predict-drop-zone]')
  const dataTransfer = { files, types: ['Files'], dropEffect: 'none' }
  await zone.trigger('dragenter', { dataTransfer })
  expect(zone.classes()).toContain('dragging')
  await zone.trigger('drop', { dataTransfer })
  await settle(w)
}

describe('PredictPanel', () => {
  it('classifies dropped images one call each, with bars per class and the top class highlighted', async () => {
    const api = predictingApi()
    const w = await mountPanel(api)
    await drop(w, [file('cat.png', 'abc'), file('bad.png')])
    expect(api.predictImages).toHaveBeenCalledTimes(2)
    const [runId, images, checkpoint] = api.predictImages.mock.calls.find((c) => c[1][0].name === 'cat.png')!
    expect(runId).toBe('run-1')
    expect(checkpoint).toBe('epoch-0002')
    // The bytes as base64, like the Detect page sends them.
    expect(images).toEqual([{ name: 'cat.png', dataBase64: Buffer.from('abc').toString('base64') }])

    const items = w.findAll('[data-testid=predict-item]')
    // Newest first, in the order dropped.
    expect(items.map((i) => [i.attributes('data-image'), i.attributes('data-state')])).toEqual([
      ['cat.png', 'done'],
      ['bad.png', 'error'],
    ])
    expect(items[0].get('img').attributes('src')).toMatch(/^data:/)
    const bars = items[0].findAll('[data-testid=predict-bar]')
    expect(bars.map((b) => b.attributes('data-class'))).toEqual(['circle', 'square', 'triangle'])
    expect(bars.map((b) => b.classes().includes('top'))).toEqual([true, false, false])
    expect(bars[0].text()).toContain('70.0%')
    expect(bars[1].get('.fill').attributes('style')).toContain('width: 20.00%')
    expect(items[1].get('[data-testid=predict-error]').text()).toBe('bad.png: not a readable image: unsupported image format')
    expect(w.text()).toContain('to 16×16')
  })

  it('takes picked files, and re-runs every image when another checkpoint is chosen', async () => {
    const api = predictingApi()
    const w = await mountPanel(api)
    const input = w.get('[data-testid=predict-file-input]')
    Object.defineProperty(input.element, 'files', { value: [file('one.png')], configurable: true })
    await input.trigger('change')
    await settle(w)
    expect(api.predictImages).toHaveBeenCalledTimes(1)
    await w.get('[data-testid=predict-checkpoint]').setValue('epoch-0001')
    await settle(w)
    expect(api.predictImages).toHaveBeenCalledTimes(2)
    expect(api.predictImages.mock.calls[1][2]).toBe('epoch-0001')
  })

  it('shows a failed call as that image\'s error and keeps the others', async () => {
    const api = predictingApi()
    const real = api.predictImages.getMockImplementation()!
    api.predictImages.mockImplementation(async (runId, images, cp) => {
      if (images[0].name === 'slow.png') throw new Error('the core went away')
      return real(runId, images, cp)
    })
    const w = await mountPanel(api)
    await drop(w, [file('slow.png'), file('ok.png')])
    const states = w.findAll('[data-testid=predict-item]').map((i) => [i.attributes('data-image'), i.attributes('data-state')])
    expect(states).toEqual([
      ['slow.png', 'error'],
      ['ok.png', 'done'],
    ])
    expect(w.get('[data-testid=predict-error]').text()).toBe('slow.png: the core went away')
  })
})
