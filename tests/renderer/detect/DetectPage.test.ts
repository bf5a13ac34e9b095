// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { setApi } from '../../../src/renderer/src/api'
import DetectPage from '../../../src/renderer/src/pages/DetectPage.vue'
import type { DetectCandidate, DetectionResult } from '../../../src/shared/api'
import { detectionsJson, runNms } from '../../../src/renderer/src/components/detect/detectView'
import { fakeApi, flushPromises, testRouter, type FakeApi } from '../fakeApi'

const cand = (box: [number, number, number, number], score: number, classId = 0, label = 'person'): DetectCandidate => ({ box, score, classId, label })

/** Two people far apart (0.9, 0.5), a duplicate of the first (0.8, IoU ~0.8), a dog (0.2) and a weak person (0.05). */
const RESULT: DetectionResult = {
  image: 'people.jpg',
  width: 640,
  height: 480,
  backend: 'wasm',
  timings: { decodeMs: 3, networkMs: 250 },
  candidates: [
    cand([10, 10, 110, 210], 0.9),
    cand([15, 12, 115, 215], 0.8),
    cand([300, 50, 400, 250], 0.5),
    cand([400, 300, 500, 400], 0.2, 16, 'dog'),
    cand([500, 10, 600, 100], 0.05),
  ],
}

let wrapper: VueWrapper | null = null

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setApi(null)
})

async function mountPage(api: FakeApi) {
  setApi(api)
  const router = await testRouter('/detect')
  wrapper = mount(DetectPage, { global: { plugins: [createPinia(), router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

function file(name: string, bytes = 'fake image bytes'): File {
  return new File([bytes], name, { type: 'image/jpeg' })
}

async function pick(w: VueWrapper, files: File[]): Promise<void> {
  const input = w.get('[data-testid=detect-file-input]')
  Object.defineProperty(input.element, 'files', { value: files, configurable: true })
  await input.trigger('change')
  // FileReader is asynchronous: let it finish, then the (fake) call.
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 5))
    await flushPromises()
    if (w.findAll('[data-testid=detect-card]').every((c) => ['done', 'error'].includes(c.attributes('data-state')!))) break
  }
}

describe('DetectPage', () => {
  it('sends the image once, draws the kept boxes, and re-runs only NMS when the score slider moves', async () => {
    const api = fakeApi({ detectCandidates: async (image) => ({ ...RESULT, image: image.name }) })
    const w = await mountPage(api)
    await pick(w, [file('people.jpg')])

    expect(api.detectCandidates).toHaveBeenCalledTimes(1)
    const [arg] = api.detectCandidates.mock.calls[0]
    expect(arg.name).toBe('people.jpg')
    expect(atob(arg.dataBase64)).toBe('fake image bytes')

    const card = w.get('[data-testid=detect-card]')
    expect(card.attributes('data-state')).toBe('done')
    expect(card.attributes('data-image')).toBe('people.jpg')
    // Defaults: score 0.3, IoU 0.45: the duplicate is suppressed, the dog and the weak person are below the threshold.
    expect(w.findAll('[data-testid=detect-box]').map((b) => b.attributes('data-label'))).toEqual(['person', 'person'])
    expect(w.findAll('[data-testid=detect-row]')).toHaveLength(2)

    await w.get('[data-testid=score-slider]').setValue('0.1')
    expect(w.findAll('[data-testid=detect-box]').map((b) => b.attributes('data-label'))).toEqual(['person', 'person', 'dog'])
    await w.get('[data-testid=score-slider]').setValue('0.6')
    expect(w.findAll('[data-testid=detect-box]')).toHaveLength(1)
    await w.get('[data-testid=iou-slider]').setValue('0.9')
    await w.get('[data-testid=score-slider]').setValue('0.3')
    expect(w.findAll('[data-testid=detect-box]')).toHaveLength(3) // the duplicate survives a lax IoU
    await w.get('[data-testid=max-slider]').setValue('1')
    expect(w.findAll('[data-testid=detect-box]')).toHaveLength(1)
    expect(api.detectCandidates).toHaveBeenCalledTimes(1)
  })

  it('shows suppressed boxes on request, and links rows and boxes on hover', async () => {
    const api = fakeApi({ detectCandidates: async () => RESULT })
    const w = await mountPage(api)
    await pick(w, [file('people.jpg')])
    expect(w.findAll('[data-testid=detect-suppressed-box]')).toHaveLength(0)
    await w.get('[data-testid=show-suppressed]').setValue(true)
    expect(w.findAll('[data-testid=detect-suppressed-box]')).toHaveLength(1)
    expect(w.find('[data-testid=detect-suppressed-box] line').exists()).toBe(true)

    const row = w.findAll('[data-testid=detect-row]')[1]
    const candidate = row.attributes('data-candidate')
    await row.trigger('mouseenter')
    expect(w.findAll('[data-testid=detect-row]')[1].classes()).toContain('hover')
    const group = () => w.get(`[data-testid=detect-box-group][data-candidate="${candidate}"]`)
    expect(group().classes()).toContain('hover')
    expect(w.get(`[data-testid=detect-label][data-candidate="${candidate}"]`).classes()).toContain('hover')
    // The other boxes are dimmed, the hovered one drawn last (on top).
    expect(w.get('svg.overlay').classes()).toContain('dimmed')
    expect(w.findAll('[data-testid=detect-box-group]').at(-1)!.attributes('data-candidate')).toBe(candidate)
    await row.trigger('mouseleave')
    expect(w.get('svg.overlay').classes()).not.toContain('dimmed')

    // And the reverse: a box (or its label) highlights its row.
    const first = w.findAll('[data-testid=detect-row]')[0]
    await w.get(`[data-testid=detect-box-group][data-candidate="${first.attributes('data-candidate')}"]`).trigger('mouseenter')
    expect(w.findAll('[data-testid=detect-row]')[0].classes()).toContain('hover')
    await w.get('svg.overlay').trigger('mouseleave')
    await w.get(`[data-testid=detect-label][data-candidate="${candidate}"]`).trigger('mouseenter')
    expect(w.findAll('[data-testid=detect-row]')[1].classes()).toContain('hover')
    expect(api.detectCandidates).toHaveBeenCalledTimes(1)
  })

  it('places the labels of the kept boxes so that none covers another', async () => {
    const api = fakeApi({ detectCandidates: async () => RESULT })
    const w = await mountPage(api)
    await pick(w, [file('people.jpg')])
    await w.get('[data-testid=iou-slider]').setValue('0.95')
    const rects = w.findAll('[data-testid=detect-label]').map((l) => ['x', 'y', 'width', 'height'].map((k) => Number(l.attributes(`data-${k}`))))
    expect(rects.length).toBe(w.findAll('[data-testid=detect-box]').length)
    for (let i = 0; i < rects.length; i++)
      for (let j = i + 1; j < rects.length; j++) {
        const [a, b] = [rects[i], rects[j]]
        expect(a[0] + a[2] <= b[0] || b[0] + b[2] <= a[0] || a[1] + a[3] <= b[1] || b[1] + b[3] <= a[1]).toBe(true)
      }
  })

  it('shows an error card for a rejected image while another succeeds', async () => {
    const api = fakeApi({
      detectCandidates: async (image) => {
        if (image.name === 'notes.txt') throw new Error('notes.txt: not a readable image: unsupported image format')
        return { ...RESULT, image: image.name }
      },
    })
    const w = await mountPage(api)
    await pick(w, [file('notes.txt'), file('people.jpg')])
    expect(api.detectCandidates).toHaveBeenCalledTimes(2)
    const cards = w.findAll('[data-testid=detect-card]')
    const bad = cards.find((c) => c.attributes('data-image') === 'notes.txt')!
    const good = cards.find((c) => c.attributes('data-image') === 'people.jpg')!
    expect(bad.attributes('data-state')).toBe('error')
    expect(bad.get('[data-testid=detect-error]').text()).toBe('notes.txt: not a readable image: unsupported image format')
    expect(good.attributes('data-state')).toBe('done')
    expect(good.findAll('[data-testid=detect-box]')).toHaveLength(2)
  })

  it('accepts files dropped on the page', async () => {
    const api = fakeApi({ detectCandidates: async (image) => ({ ...RESULT, image: image.name }) })
    const w = await mountPage(api)
    const zone = w.get('[data-testid=detect-drop-zone]')
    const event = new Event('drop', { bubbles: true, cancelable: true })
    Object.defineProperty(event, 'dataTransfer', { value: { files: [file('dropped.jpg')], types: ['Files'] } })
    zone.element.dispatchEvent(event)
    for (let i = 0; i < 20 && api.detectCandidates.mock.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 5))
    await flushPromises()
    expect(api.detectCandidates).toHaveBeenCalledTimes(1)
    expect(api.detectCandidates.mock.calls[0][0].name).toBe('dropped.jpg')
  })
})

describe('detectView', () => {
  it('exports the kept detections like the CLI, best first', () => {
    const view = runNms(RESULT.candidates, { scoreThreshold: 0.3, iouThreshold: 0.45, maxDetections: 100, classAgnostic: false })
    expect(view.kept).toEqual([0, 2])
    expect(view.suppressed).toEqual([[1, 0]])
    expect(JSON.parse(detectionsJson(RESULT, view.kept))).toEqual({
      image: 'people.jpg',
      width: 640,
      height: 480,
      detections: [
        { label: 'person', classId: 0, score: 0.9, box: [10, 10, 110, 210] },
        { label: 'person', classId: 0, score: 0.5, box: [300, 50, 400, 250] },
      ],
    })
  })
})
