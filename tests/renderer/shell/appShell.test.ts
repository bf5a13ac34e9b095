// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent, h } from 'vue'
import { setApi } from '../../../src/renderer/src/api'
import App from '../../../src/renderer/src/App.vue'
import { fakeApi, flushPromises, makeSettingsView } from '../fakeApi'

afterEach(() => {
  setApi(null)
  localStorage.clear()
  document.documentElement.removeAttribute('data-theme')
  document.body.innerHTML = ''
})

const Page = (name: string) => defineComponent({ render: () => h('p', { 'data-testid': `page-${name}` }, name) })

async function mountApp(api = fakeApi()) {
  setApi(api)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: ['/', '/new', '/compare', '/settings', '/datasets', '/detect', '/faces', '/engine'].map((path) => ({ path, component: Page(path) })),
  })
  await router.push('/datasets')
  await router.isReady()
  const wrapper = mount(App, { attachTo: document.body, global: { plugins: [createPinia(), router] } })
  await flushPromises()
  return { wrapper, router, api }
}

function press(key: string, target: EventTarget = document.body): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
}

describe('the app shell', () => {
  it('goes to Runs, New run, Compare and Settings with g then a letter', async () => {
    const { wrapper, router } = await mountApp()
    for (const [key, path] of [['n', '/new'], ['c', '/compare'], ['s', '/settings'], ['r', '/']] as const) {
      press('g')
      press(key)
      await flushPromises()
      expect(router.currentRoute.value.path).toBe(path)
    }
    wrapper.unmount()
  })

  it('ignores letters typed into a text field', async () => {
    const { wrapper, router } = await mountApp()
    const input = document.createElement('input')
    document.body.appendChild(input)
    press('g', input)
    press('n', input)
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/datasets')
    wrapper.unmount()
  })

  it('opens and closes the list of shortcuts with ? and Escape', async () => {
    const { wrapper } = await mountApp()
    const dialog = () => document.querySelector('[data-testid="shortcuts-dialog"]') as HTMLDialogElement
    press('?')
    await flushPromises()
    expect(dialog().hasAttribute('open')).toBe(true)
    expect(document.querySelectorAll('[data-testid="shortcut-row"]').length).toBeGreaterThanOrEqual(10)
    press('Escape')
    await flushPromises()
    expect(dialog().hasAttribute('open')).toBe(false)
    wrapper.unmount()
  })

  it('collapses the sidebar with its button or [, and remembers it', async () => {
    const { wrapper } = await mountApp()
    const sidebar = () => wrapper.get('[data-testid="sidebar"]')
    expect(sidebar().attributes('data-collapsed')).toBe('false')
    await wrapper.get('[data-testid="sidebar-toggle"]').trigger('click')
    expect(sidebar().attributes('data-collapsed')).toBe('true')
    // Collapsed, every page keeps its full name for screen readers and tooltips.
    expect(wrapper.get('[data-testid="nav-new-run"]').attributes('aria-label')).toBe('New run')
    expect(localStorage.getItem('benchtop.sidebar')).toBe('collapsed')
    press('[')
    await flushPromises()
    expect(sidebar().attributes('data-collapsed')).toBe('false')
    wrapper.unmount()
  })

  it('applies the saved theme to the page, and a skip link moves the focus to the content', async () => {
    const api = fakeApi({ getSettings: async () => makeSettingsView({ theme: 'dark' }) })
    const { wrapper } = await mountApp(api)
    expect(document.documentElement.dataset.theme).toBe('dark')
    await wrapper.get('[data-testid="skip-link"]').trigger('click')
    expect(document.activeElement?.id).toBe('main')
    wrapper.unmount()
  })

  it('carries out the desktop menu’s commands', async () => {
    let send: ((command: string) => void) | null = null
    const api = fakeApi({}, { kind: 'electron', onMenuCommand: (listener) => ((send = listener), () => (send = null)) })
    const { wrapper, router } = await mountApp(api)
    send!('go-settings')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/settings')
    wrapper.unmount()
    expect(send).toBeNull()
  })
})
