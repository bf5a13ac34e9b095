// @vitest-environment happy-dom
/**
 * The Faces page with a fake API: crops per photo, the matrix's verdicts and the people follow the
 * threshold with no new call, the same bytes twice are compared once, and errors name the file.
 * Descriptors are hand-made: A1 and B1 are 0.5 apart, C1 is 2 away from both.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { setApi } from '../../../src/renderer/src/api'
import FacesPage from '../../../src/renderer/src/pages/FacesPage.vue'
import type { FaceImageResult } from '../../../src/shared/api'
import { fakeApi, flushPromises, testRouter } from '../fakeApi'

function descriptor(x: number): number[] {
  return Array.from({ length: 128 }, (_, i) => (i === 0 ? x : 0))
}

function result(name: string, xs: number[]): FaceImageResult {
  return {
    image: name,
    width: 100,
    height: 100,
    backend: 'wasm',
    faces: xs.map((x) => ({ box: [10, 10, 50, 50], score: 0.9, descriptor: descriptor(x), cropBase64: 'iVBORw0KGgo=' })),
    tooSmall: 0,
    minFaceSize: 24,
    timings: { decodeMs: 1, networkMs: 1 },
  }
}

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setApi(null)
})

describe('Faces page', () => {
  it('recolours verdicts and regroups people as the threshold moves, without calling the API again', async () => {
    const api = fakeApi()
    const byName: Record<string, FaceImageResult> = { 'a.jpg': result('a.jpg', [0]), 'b.jpg': result('b.jpg', [0.5]), 'c.jpg': result('c.jpg', [2]), 'none.jpg': result('none.jpg', []) }
    api.findFaces.mockImplementation(async (image: { name: string }) => {
      if (image.name === 'bad.jpg') throw new Error('bad.jpg: not a readable image: unsupported format')
      return byName[image.name]
    })
    setApi(api)
    const router = await testRouter('/faces')
    const w = mount(FacesPage, { global: { plugins: [createPinia(), router] }, attachTo: document.body })
    wrapper = w
    const files = ['a.jpg', 'b.jpg', 'c.jpg', 'none.jpg', 'bad.jpg'].map((n) => new File([`bytes of ${n}`], n, { type: 'image/jpeg' }))
    files.push(new File(['bytes of a.jpg'], 'a-copy.jpg', { type: 'image/jpeg' }))
    const input = w.get('[data-testid=faces-file-input]')
    Object.defineProperty(input.element, 'files', { value: files, configurable: true })
    await input.trigger('change')
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 5))
      await flushPromises()
      if (w.findAll('[data-testid=face-photo]').every((c) => ['done', 'error', 'duplicate'].includes(c.attributes('data-state')!))) break
    }
    expect(api.findFaces).toHaveBeenCalledTimes(5)
    const status = (name: string) => w.get(`[data-testid=face-photo][data-image="${name}"] [data-testid=face-photo-status]`).text()
    expect(status('none.jpg')).toContain('no face found')
    expect(status('bad.jpg')).toContain('bad.jpg: not a readable image')
    expect(status('a-copy.jpg')).toContain('the same image as a.jpg')
    expect(w.findAll('[data-testid=face-crop]')).toHaveLength(3)

    const verdicts = () => w.findAll('[data-testid=pair-cell]').map((c) => c.attributes('data-verdict'))
    // Row-major off-diagonal cells of A1, B1, C1: A1-B1 0.5, A1-C1 2, B1-C1 1.5.
    expect(verdicts()).toEqual(['same', 'different', 'same', 'different', 'different', 'different'])
    expect(w.findAll('[data-testid=face-group]')).toHaveLength(2)
    await w.get('[data-testid=face-threshold]').setValue('0.4')
    expect(verdicts().every((v) => v === 'different')).toBe(true)
    expect(w.findAll('[data-testid=face-group]')).toHaveLength(3)
    await w.get('[data-testid=face-threshold]').setValue('1.5')
    expect(verdicts()).toEqual(['same', 'different', 'same', 'same', 'different', 'same'])
    expect(w.findAll('[data-testid=face-group]')).toHaveLength(1)
    expect(api.findFaces).toHaveBeenCalledTimes(5)
  })
})
