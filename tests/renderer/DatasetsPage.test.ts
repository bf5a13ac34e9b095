// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { setApi } from '../../src/renderer/src/api'
import DatasetsPage from '../../src/renderer/src/pages/DatasetsPage.vue'
import { fakeApi, flushPromises, makeDataset, testRouter, type FakeApi } from './fakeApi'

const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

const PETS = makeDataset({
  id: 'pets',
  name: 'Pets',
  origin: 'imported',
  format: 'class-folders',
  source: '/data/pets',
  classes: ['cat', 'dog'],
  counts: { train: { cat: 40, dog: 38 }, test: { cat: 10, dog: 9 } },
  skipped: [
    { file: 'cat/broken.jpg', reason: 'not a decodable image' },
    { file: 'notes.txt', reason: 'not an image file' },
  ],
  importedAt: '2025-01-01T10:00:00.000Z',
})

let wrapper: VueWrapper | null = null

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setApi(null)
})

async function mountPage(api: FakeApi, path = '/datasets') {
  setApi(api)
  const router = await testRouter(path)
  wrapper = mount(DatasetsPage, { global: { plugins: [createPinia(), router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

function api(overrides: Parameters<typeof fakeApi>[0] = {}, host?: Parameters<typeof fakeApi>[1]): FakeApi {
  return fakeApi(
    {
      listDatasets: async () => [makeDataset(), PETS],
      datasetPreview: async (id: string) => ({
        id,
        size: 32,
        thumbnails: [
          { className: 'cat', split: 'train', dataUrl: PIXEL },
          { className: 'dog', split: 'train', dataUrl: PIXEL },
          { className: 'dog', split: 'test', dataUrl: PIXEL },
        ],
      }),
      ...overrides,
    },
    host,
  )
}

describe('DatasetsPage', () => {
  it('lists datasets and shows counts, thumbnails and skipped files of the selected one', async () => {
    const fake = api()
    const w = await mountPage(fake)
    expect(w.findAll('[data-testid="dataset-row"]').map((r) => r.attributes('data-dataset-id'))).toEqual(['shapes', 'pets'])
    await w.get('[data-dataset-id="pets"]').trigger('click')
    await flushPromises()
    expect(fake.datasetPreview).toHaveBeenCalledWith('pets')
    const counts = w.get('[data-testid="dataset-counts"]')
    expect(counts.text()).toContain('cat')
    expect(counts.findAll('tbody tr').map((r) => r.findAll('td').map((c) => c.text()))).toEqual([
      ['cat', '40', '10'],
      ['dog', '38', '9'],
    ])
    const thumbs = w.get('[data-testid="dataset-thumbnails"]')
    const images = thumbs.findAll('img')
    expect(images).toHaveLength(3)
    expect(images[0].attributes('src')).toBe(PIXEL)
    expect(thumbs.findAll('figcaption').map((c) => c.text())).toEqual(['cat', 'dog', 'dog'])
    const skipped = w.get('[data-testid="dataset-skipped"]')
    expect(skipped.text()).toContain('cat/broken.jpg')
    expect(skipped.text()).toContain('not a decodable image')
    expect(skipped.findAll('[data-testid="skipped-file"]')).toHaveLength(2)
  })

  it('fetches each preview once', async () => {
    const fake = api()
    const w = await mountPage(fake, '/datasets?dataset=pets')
    await w.get('[data-dataset-id="shapes"]').trigger('click')
    await flushPromises()
    await w.get('[data-dataset-id="pets"]').trigger('click')
    await flushPromises()
    expect(fake.datasetPreview.mock.calls.map((c) => c[0])).toEqual(['pets', 'shapes'])
  })

  it('imports a typed path in web mode and shows a refusal under the form', async () => {
    const fake = api({
      importDataset: async (path: string) => {
        if (path === '/nope') throw new Error('no such folder: /nope')
        return { ...PETS, id: 'birds', name: 'Birds' }
      },
    })
    const w = await mountPage(fake)
    expect(w.find('[data-testid="import-choose"]').exists()).toBe(false)
    await w.get('[data-testid="import-path"]').setValue('/nope')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="import-error"]').text()).toContain('no such folder: /nope')
    await w.get('[data-testid="import-path"]').setValue('/data/birds')
    await w.get('[data-testid="import-name"]').setValue('Birds')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(fake.importDataset).toHaveBeenLastCalledWith('/data/birds', 'Birds')
    expect(w.find('[data-testid="import-error"]').exists()).toBe(false)
    expect(w.find('[data-dataset-id="birds"]').exists()).toBe(true)
    expect(w.get('[data-testid="dataset-details"]').attributes('data-dataset-id')).toBe('birds')
  })

  it('offers a folder picker in the desktop app', async () => {
    const pickDirectory = vi.fn(async () => '/data/pets')
    const fake = api({}, { kind: 'electron', pickDirectory })
    const w = await mountPage(fake)
    expect(w.find('[data-testid="import-path"]').exists()).toBe(false)
    await w.get('[data-testid="import-choose"]').trigger('click')
    await flushPromises()
    expect(pickDirectory).toHaveBeenCalled()
    expect(fake.importDataset).toHaveBeenCalledWith('/data/pets', undefined)
  })
})

describe('DatasetsPage with a detection data set', () => {
  it('shows boxes per class, images and background counts, and draws the boxes on the thumbnails', async () => {
    const boxes = makeDataset({
      id: 'boxes',
      name: 'Boxes',
      kind: 'detection',
      origin: 'imported',
      format: 'yolo-txt',
      source: '/data/boxes',
      classes: ['cat', 'dog'],
      counts: { train: { cat: 5, dog: 3 }, test: { cat: 1, dog: 0 } },
      images: { train: { total: 4, background: 1 }, test: { total: 2, background: 1 } },
      importedAt: '2025-01-01T10:00:00.000Z',
    })
    const fake = api({
      listDatasets: async () => [boxes],
      datasetPreview: async (id: string) => ({
        id,
        size: 48,
        thumbnails: [
          { className: 'images/a.png', split: 'train', dataUrl: PIXEL, boxes: [{ className: 'dog', box: [0.1, 0.2, 0.5, 0.6] }] },
          { className: 'images/b.png', split: 'train', dataUrl: PIXEL, boxes: [] },
        ],
      }),
    })
    const w = await mountPage(fake, '/datasets?dataset=boxes')
    const row = w.get('[data-dataset-id="boxes"]')
    // Train and test columns count images for a detection data set.
    expect(row.findAll('td').map((c) => c.text()).slice(1, 6)).toEqual(['imported', 'YOLO txt labels', '2', '4', '2'])
    expect(w.get('[data-testid="dataset-counts"]').findAll('tbody tr').map((r) => r.findAll('td').map((c) => c.text()))).toEqual([
      ['cat', '5', '1'],
      ['dog', '3', '0'],
    ])
    expect(w.get('[data-testid="dataset-images"]').text()).toContain('2 without boxes')
    const rects = w.findAll('[data-testid="thumbnail-box"]')
    expect(rects).toHaveLength(1)
    expect(rects[0].attributes('data-class')).toBe('dog')
    const drawn = [rects[0].attributes('x'), rects[0].attributes('y'), rects[0].attributes('width'), rects[0].attributes('height')].map(Number)
    ;[0.1, 0.2, 0.4, 0.4].forEach((v, i) => expect(drawn[i]).toBeCloseTo(v, 9))
    expect(w.findAll('[data-testid="dataset-boxed-thumbnail"]')).toHaveLength(2)
  })
})
