// @vitest-environment happy-dom
/**
 * The Detect page's model choice: CenterNet first, then every completed run of an experiment with
 * the `detect` capability (not running ones, not classifiers). Choosing a run detects again with
 * it (its id passed to detectCandidates), the sliders start from the run's thresholds, and the
 * boxes carry its class names.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { setApi } from '../../../src/renderer/src/api'
import DetectPage from '../../../src/renderer/src/pages/DetectPage.vue'
import type { DetectionResult, DetectImage } from '../../../src/shared/api'
import { fakeApi, flushPromises, makeRun, shapesExperiment, testRouter } from '../fakeApi'

const YOLO = { ...shapesExperiment, id: 'yolo', capabilities: ['detect' as const] }

const CENTERNET: DetectionResult = {
  image: 'a.png',
  width: 100,
  height: 100,
  backend: 'wasm',
  timings: { decodeMs: 1, networkMs: 2 },
  candidates: [{ box: [0, 0, 50, 50], score: 0.9, classId: 0, label: 'person' }],
}
const FROM_RUN: DetectionResult = {
  ...CENTERNET,
  backend: 'native',
  // 0.2 is above the run's threshold (0.15) but below CenterNet's default (0.3).
  candidates: [
    { box: [10, 10, 40, 40], score: 0.8, classId: 1, label: 'square' },
    { box: [60, 60, 90, 90], score: 0.2, classId: 0, label: 'circle' },
  ],
  model: { runId: 'y-done', classNames: ['circle', 'square', 'triangle'], scoreThreshold: 0.15, iouThreshold: 0.4 },
}

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setApi(null)
})

describe('Detect page model choice', () => {
  it('offers finished detector runs and detects again with the chosen one, with its thresholds and classes', async () => {
    const calls: Array<[DetectImage, string | undefined]> = []
    const api = fakeApi({
      listExperiments: async () => [shapesExperiment, YOLO],
      listRuns: async () => [makeRun({ id: 'y-done', experiment: 'yolo' }), makeRun({ id: 'y-running', experiment: 'yolo', status: 'running' }), makeRun({ id: 'cls', experiment: 'shapes-cnn' })],
      detectCandidates: async (image: DetectImage, runId?: string) => {
        calls.push([image, runId])
        return runId ? { ...FROM_RUN, image: image.name } : { ...CENTERNET, image: image.name }
      },
    })
    setApi(api)
    wrapper = mount(DetectPage, { global: { plugins: [createPinia(), await testRouter('/detect')] }, attachTo: document.body })
    await flushPromises()
    const select = wrapper.get('[data-testid=detect-model]')
    expect(select.findAll('option').map((o) => o.attributes('value'))).toEqual(['', 'y-done'])

    const input = wrapper.get('[data-testid=detect-file-input]')
    Object.defineProperty(input.element, 'files', { value: [new File(['x'], 'a.png', { type: 'image/png' })], configurable: true })
    await input.trigger('change')
    const settle = async () => {
      for (let i = 0; i < 20; i++) {
        await new Promise((r) => setTimeout(r, 5))
        await flushPromises()
      }
    }
    await settle()
    expect(calls.map((c) => c[1])).toEqual([undefined])
    expect(wrapper.findAll('[data-testid=detect-box]').map((b) => b.attributes('data-label'))).toEqual(['person'])

    await select.setValue('y-done')
    await settle()
    expect(calls.map((c) => c[1])).toEqual([undefined, 'y-done'])
    expect(calls[1][0].name).toBe('a.png')
    expect((wrapper.get('[data-testid=score-slider]').element as HTMLInputElement).value).toBe('0.15')
    expect((wrapper.get('[data-testid=iou-slider]').element as HTMLInputElement).value).toBe('0.4')
    expect(wrapper.findAll('[data-testid=detect-box]').map((b) => b.attributes('data-label'))).toEqual(['square', 'circle'])
    expect(wrapper.get('[data-testid=detect-model-used]').text()).toBe('run y-done')

    // Back to CenterNet: its defaults again.
    await select.setValue('')
    await settle()
    expect(calls.map((c) => c[1])).toEqual([undefined, 'y-done', undefined])
    expect((wrapper.get('[data-testid=score-slider]').element as HTMLInputElement).value).toBe('0.3')
  })
})
