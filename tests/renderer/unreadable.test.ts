// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { setApi } from '../../src/renderer/src/api'
import DatasetsPage from '../../src/renderer/src/pages/DatasetsPage.vue'
import RunsPage from '../../src/renderer/src/pages/RunsPage.vue'
import { fakeApi, flushPromises, makeDataset, makeRun, testRouter } from './fakeApi'

let wrapper: VueWrapper | null = null

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setApi(null)
})

const PROBLEM = '/home/u/.benchtop/runs/20260101-000000-abcd/meta.json: meta.json has an unknown status "paused"'

describe('unreadable runs and datasets in the app', () => {
  it('lists an unreadable run with its status and the reason on hover', async () => {
    const runs = [
      makeRun({ id: 'good', name: 'good', status: 'completed' }),
      makeRun({ id: '20260101-000000-abcd', name: '20260101-000000-abcd', status: 'unreadable', error: PROBLEM, problem: PROBLEM, latest: {} }),
    ]
    setApi(fakeApi({ listRuns: async () => runs }))
    wrapper = mount(RunsPage, { global: { plugins: [createPinia(), await testRouter('/')] }, attachTo: document.body })
    await flushPromises()
    const row = wrapper.get('[data-run-id="20260101-000000-abcd"]')
    expect(row.attributes('data-status')).toBe('unreadable')
    const badge = row.get('[data-testid="run-status"]')
    expect(badge.text()).toContain('unreadable')
    expect(badge.attributes('title')).toBe(PROBLEM)
    expect(row.text()).toContain('unknown status "paused"')
  })

  it('lists a dataset whose record is corrupt with the problem, and does not select it', async () => {
    const corrupt = makeDataset({ id: 'cats', name: 'cats', origin: 'imported', format: 'class-folders', classes: [], counts: { train: {}, test: {} }, problem: '/home/u/.benchtop/datasets/cats.json: not valid JSON (Unexpected end of JSON input)' })
    setApi(fakeApi({ listDatasets: async () => [corrupt, makeDataset()] }))
    wrapper = mount(DatasetsPage, { global: { plugins: [createPinia(), await testRouter('/datasets')] }, attachTo: document.body })
    await flushPromises()
    const row = wrapper.get('[data-dataset-id="cats"]')
    expect(row.get('[data-testid="dataset-problem"]').text()).toContain('cats.json: not valid JSON')
    expect(row.text()).toContain('unreadable')
    // The first usable dataset is the one shown in detail.
    expect(wrapper.get('[data-testid="dataset-details"]').attributes('data-dataset-id')).toBe('shapes')
  })
})
