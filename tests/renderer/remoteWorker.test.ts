// @vitest-environment happy-dom
/**
 * Runs trained on a queue worker show the worker's name and its host on the runs table, the run
 * page and the study page (meta.remote.worker and meta.host, as the coordinator records them when
 * a worker announces the run); local runs show none.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { RunSummary, StudyTableRow } from '../../src/shared/api'
import { setApi } from '../../src/renderer/src/api'
import RunsPage from '../../src/renderer/src/pages/RunsPage.vue'
import RunPage from '../../src/renderer/src/pages/RunPage.vue'
import StudyTable from '../../src/renderer/src/components/study/StudyTable.vue'
import { studyTable } from '../../src/shared/study/studyTable'
import { fakeApi, flushPromises, makeDetail, makeRun, testRouter } from './fakeApi'

const HOST = { platform: 'linux', arch: 'x64', cpu: 'Test CPU', cores: 8, memoryGiB: 32, gpu: null, node: '22.0.0', hostname: 'lab-box-2' }
const remote = (worker: string | null) => ({ queue: 'redis://10.0.0.5:6379', worker, cursor: '0-0', attempt: null, coordinator: null, attempts: worker ? 1 : 0 })

const RUNS: RunSummary[] = [
  makeRun({ id: 'r-remote', name: 'remote run', status: 'running', endedAt: null, host: HOST, remote: remote('gpu-1') }),
  makeRun({ id: 'r-waiting', name: 'waiting run', status: 'queued', startedAt: null, endedAt: null, remote: remote(null) }),
  makeRun({ id: 'r-local', name: 'local run', status: 'completed', host: { ...HOST, hostname: 'laptop' } }),
]

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setApi(null)
})

describe('the worker and host of remote runs', () => {
  it('runs table: under the backend, for remote runs only', async () => {
    setApi(fakeApi({ listRuns: async () => RUNS.map((r) => ({ ...r })) }))
    wrapper = mount(RunsPage, { global: { plugins: [createPinia(), await testRouter('/')] }, attachTo: document.body })
    await flushPromises()
    const cell = (id: string) => wrapper!.find(`[data-testid="run-row"][data-run-id="${id}"] [data-testid="run-worker"]`)
    expect(cell('r-remote').text()).toBe('gpu-1 @ lab-box-2')
    expect(cell('r-waiting').text()).toBe('waiting for a worker')
    expect(cell('r-local').exists()).toBe(false)
  })

  it('run page: in the header line', async () => {
    setApi(fakeApi({ getRun: async (id: string) => makeDetail({ id, status: 'running', endedAt: null, host: HOST, remote: remote('gpu-1') }) }))
    wrapper = mount(RunPage, { global: { plugins: [createPinia(), await testRouter('/runs/r-remote')], stubs: { MetricChart: true } }, attachTo: document.body })
    await flushPromises()
    expect(wrapper.get('[data-testid="run-worker"]').text()).toBe('worker gpu-1 @ lab-box-2')
    expect(wrapper.get('[data-testid="run-worker"]').attributes('title')).toContain('redis://10.0.0.5:6379')
  })

  it('study page: a Worker column when any run trains on a queue', async () => {
    const base = { values: { lr: 0.1 }, loss: [], trainAccuracy: [], valAccuracy: [], params: null }
    const rows: StudyTableRow[] = studyTable([
      { ...base, runId: 'r-remote', name: 'a', status: 'running', worker: 'gpu-1 @ lab-box-2' },
      { ...base, runId: 'r-waiting', name: 'b', status: 'queued', worker: 'waiting for a worker' },
    ])
    wrapper = mount(StudyTable, { props: { keys: ['lr'], rows }, global: { plugins: [await testRouter('/')] } })
    expect(wrapper.text()).toContain('Worker')
    expect(wrapper.findAll('[data-testid="study-worker"]').map((c) => c.text())).toEqual(['gpu-1 @ lab-box-2', 'waiting for a worker'])
    const local = mount(StudyTable, { props: { keys: ['lr'], rows: studyTable([{ ...base, runId: 'x', name: 'x', status: 'completed' }]) }, global: { plugins: [await testRouter('/')] } })
    expect(local.find('[data-testid="study-worker"]').exists()).toBe(false)
    local.unmount()
  })
})
