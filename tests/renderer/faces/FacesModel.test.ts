// @vitest-environment happy-dom
/**
 * The Faces page's "Compare with": finished runs whose experiment declares `embed` are offered
 * (others are not); choosing one describes every photo again through that run, the threshold
 * starts at the run's own, and going back to face-api restores its default.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { setApi } from '../../../src/renderer/src/api'
import FacesPage from '../../../src/renderer/src/pages/FacesPage.vue'
import type { FaceImageResult } from '../../../src/shared/api'
import { DEFAULT_FACE_THRESHOLD } from '../../../src/shared/faces/similarity'
import { fakeApi, flushPromises, makeRun, shapesExperiment, testRouter } from '../fakeApi'

const embedding = { ...shapesExperiment, id: 'embedder', title: 'An embedding', capabilities: ['embed' as const] }

function result(name: string, x: number, model?: FaceImageResult['model']): FaceImageResult {
  return {
    image: name,
    width: 28,
    height: 28,
    backend: 'wasm',
    faces: [{ box: [0, 0, 28, 28], score: 1, descriptor: [x, 0], cropBase64: 'iVBORw0KGgo=' }],
    tooSmall: 0,
    minFaceSize: 0,
    timings: { decodeMs: 1, networkMs: 1 },
    ...(model ? { model } : {}),
  }
}

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setApi(null)
})

async function settle(w: VueWrapper): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 5))
    await flushPromises()
    if (w.findAll('[data-testid=face-photo]').every((c) => ['done', 'error', 'duplicate'].includes(c.attributes('data-state')!))) return
  }
}

describe('Faces page with an embedding run', () => {
  it('offers only finished embed runs, re-describes every photo with the chosen one and takes its threshold', async () => {
    const api = fakeApi({
      listExperiments: async () => [shapesExperiment, embedding],
      listRuns: async () => [
        makeRun({ id: 'emb-done', experiment: 'embedder', status: 'completed', latest: { val_auc: 0.95 } }),
        makeRun({ id: 'emb-running', experiment: 'embedder', status: 'running' }),
        makeRun({ id: 'classifier', experiment: 'shapes-cnn', status: 'completed' }),
      ],
    })
    api.findFaces.mockImplementation(async (image: { name: string }, model?: string) =>
      model ? result(image.name, image.name === 'a.png' ? 0 : 0.9, { runId: model, checkpoint: 'epoch-0003', epoch: 3, threshold: 0.654 }) : result(image.name, image.name === 'a.png' ? 0 : 0.3),
    )
    setApi(api)
    const router = await testRouter('/faces')
    const w = mount(FacesPage, { global: { plugins: [createPinia(), router] }, attachTo: document.body })
    wrapper = w
    await flushPromises()
    const options = w.findAll('[data-testid=face-model] option').map((o) => o.attributes('value'))
    expect(options).toEqual(['', 'emb-done'])

    const input = w.get('[data-testid=faces-file-input]')
    Object.defineProperty(input.element, 'files', { value: ['a.png', 'b.png'].map((n) => new File([`bytes of ${n}`], n, { type: 'image/png' })), configurable: true })
    await input.trigger('change')
    await settle(w)
    expect(api.findFaces.mock.calls.map((c) => c.length)).toEqual([1, 1])
    const verdicts = () => w.findAll('[data-testid=pair-cell]').map((c) => c.attributes('data-verdict'))
    expect(verdicts()).toEqual(['same', 'same'])

    await w.get('[data-testid=face-model]').setValue('emb-done')
    await settle(w)
    expect(api.findFaces.mock.calls.slice(2).map((c) => [c[0].name, c[1]])).toEqual([['a.png', 'emb-done'], ['b.png', 'emb-done']])
    expect(w.get('[data-testid=threshold-value]').text()).toBe('0.65')
    expect(w.get('[data-testid=face-model-info]').text()).toContain('epoch-0003')
    // 0.9 apart: over the run's threshold.
    expect(verdicts()).toEqual(['different', 'different'])

    await w.get('[data-testid=face-model]').setValue('')
    await settle(w)
    expect(api.findFaces).toHaveBeenCalledTimes(6)
    expect(w.get('[data-testid=threshold-value]').text()).toBe(DEFAULT_FACE_THRESHOLD.toFixed(2))
    expect(verdicts()).toEqual(['same', 'same'])
  })
})
