// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h } from 'vue'
import { setApi } from '../../src/renderer/src/api'
import App from '../../src/renderer/src/App.vue'
import { fakeApi, flushPromises } from './fakeApi'

afterEach(() => setApi(null))

const Broken = defineComponent({
  setup() {
    return () => {
      throw new Error('cannot read the metric list')
    }
  },
})
const Fine = defineComponent({ render: () => h('p', { 'data-testid': 'fine' }, 'fine') })

async function mountApp(api = fakeApi()) {
  setApi(api)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: Fine },
      { path: '/engine', component: Broken },
      { path: '/new', component: Fine },
      { path: '/compare', component: Fine },
      { path: '/datasets', component: Fine },
      { path: '/detect', component: Fine },
    ],
  })
  await router.push('/')
  await router.isReady()
  const wrapper = mount(App, { global: { plugins: [createPinia(), router] } })
  await flushPromises()
  return { wrapper, router, api }
}

describe('App shell', () => {
  it('has the nav, subscribes once and loads the runs', async () => {
    const { wrapper, api } = await mountApp()
    expect(wrapper.findAll('nav a').map((a) => a.text())).toEqual(['Runs', 'New run', 'Compare', 'Datasets', 'Detect', 'Faces', 'Engine', 'Settings'])
    expect(api.subscribe).toHaveBeenCalledTimes(1)
    expect(api.listRuns).toHaveBeenCalledTimes(1)
    wrapper.unmount()
  })

  it('shows a page that throws as its message, and recovers on navigation', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { wrapper, router } = await mountApp()
    await router.push('/engine')
    await flushPromises()
    expect(wrapper.get('[data-testid="page-error"]').text()).toContain('cannot read the metric list')
    await router.push('/')
    await flushPromises()
    expect(wrapper.find('[data-testid="page-error"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="fine"]').exists()).toBe(true)
    wrapper.unmount()
    quiet.mockRestore()
  })

  it('shows the connection in web mode and reloads runs after a reconnect', async () => {
    const stateListeners = new Set<(s: 'idle' | 'connecting' | 'open' | 'reconnecting') => void>()
    const api = Object.assign(fakeApi(), {
      connectionState: 'open' as const,
      onConnectionChange(listener: (s: 'idle' | 'connecting' | 'open' | 'reconnecting') => void) {
        stateListeners.add(listener)
        return () => stateListeners.delete(listener)
      },
    })
    const { wrapper } = await mountApp(api)
    const indicator = () => wrapper.get('[data-testid="connection"]')
    expect(indicator().attributes('data-state')).toBe('connected')
    for (const l of stateListeners) l('reconnecting')
    await flushPromises()
    expect(indicator().attributes('data-state')).toBe('disconnected')
    const before = api.listRuns.mock.calls.length
    for (const l of stateListeners) l('open')
    await flushPromises()
    expect(indicator().attributes('data-state')).toBe('connected')
    expect(api.listRuns.mock.calls.length).toBe(before + 1)
    wrapper.unmount()
  })

  it('has no connection indicator in the desktop app', async () => {
    const { wrapper } = await mountApp(fakeApi({}, { kind: 'electron' }))
    expect(wrapper.find('[data-testid="connection"]').exists()).toBe(false)
    wrapper.unmount()
  })
})
