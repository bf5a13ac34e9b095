// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { setApi } from '../../../src/renderer/src/api'
import SettingsPage from '../../../src/renderer/src/pages/SettingsPage.vue'
import { fakeApi, flushPromises, makeSettingsView } from '../fakeApi'

afterEach(() => {
  setApi(null)
  localStorage.clear()
  document.documentElement.removeAttribute('data-theme')
})

async function mountPage(api = fakeApi()) {
  setApi(api)
  const wrapper = mount(SettingsPage, { global: { plugins: [createPinia()] } })
  await flushPromises()
  return { wrapper, api }
}

describe('the Settings page', () => {
  it('shows where runs are kept and the settings as saved', async () => {
    const api = fakeApi({ getSettings: async () => makeSettingsView({ defaultBackend: 'wasm', threads: 2, queue: { url: 'redis://q:6379', passwordFile: null } }) })
    const { wrapper } = await mountPage(api)
    expect(wrapper.get('[data-testid="runs-folder"]').text()).toBe('/home/me/.benchtop/runs')
    expect((wrapper.get('[data-testid="setting-backend"]').element as HTMLSelectElement).value).toBe('wasm')
    expect((wrapper.get('[data-testid="setting-threads"]').element as HTMLInputElement).value).toBe('2')
    expect((wrapper.get('[data-testid="setting-queue"]').element as HTMLInputElement).value).toBe('redis://q:6379')
    // The web mode has no file manager to open.
    expect(wrapper.find('[data-testid="show-runs-folder"]').exists()).toBe(false)
  })

  it('saves the form as one change, empty fields as the defaults', async () => {
    const { wrapper, api } = await mountPage()
    await wrapper.get('[data-testid="setting-backend"]').setValue('cpu')
    await wrapper.get('[data-testid="setting-threads"]').setValue(' 3 ')
    await wrapper.get('[data-testid="settings-form"]').trigger('submit')
    await flushPromises()
    expect(api.updateSettings).toHaveBeenCalledWith({ defaultBackend: 'cpu', threads: 3, queue: null })
    expect(wrapper.get('[data-testid="settings-saved"]').text()).toContain('Saved')
  })

  it('shows the core’s refusal and keeps what was typed', async () => {
    const api = fakeApi({
      updateSettings: async () => {
        throw new Error('--queue-password-file /nope: no such file')
      },
    })
    const { wrapper } = await mountPage(api)
    await wrapper.get('[data-testid="setting-queue"]').setValue('redis://q:6379')
    await wrapper.get('[data-testid="setting-password-file"]').setValue('/nope')
    await wrapper.get('[data-testid="settings-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="settings-error"]').text()).toContain('/nope: no such file')
    expect((wrapper.get('[data-testid="setting-queue"]').element as HTMLInputElement).value).toBe('redis://q:6379')
  })

  it('refuses a thread count that is not a whole number without asking the core', async () => {
    const { wrapper, api } = await mountPage()
    await wrapper.get('[data-testid="setting-threads"]').setValue('two')
    await wrapper.get('[data-testid="settings-form"]').trigger('submit')
    await flushPromises()
    expect(api.updateSettings).not.toHaveBeenCalled()
    expect(wrapper.get('[data-testid="settings-error"]').text()).toContain('Threads must be a whole number')
  })

  it('switches the theme at once and saves it', async () => {
    const { wrapper, api } = await mountPage()
    await wrapper.get('[data-testid="theme-dark"]').setValue(true)
    await flushPromises()
    expect(document.documentElement.dataset.theme).toBe('dark')
    expect(api.updateSettings).toHaveBeenCalledWith({ theme: 'dark' })
    expect(localStorage.getItem('benchtop.theme')).toBe('dark')
  })

  it('goes back to the previous theme when saving it fails', async () => {
    const api = fakeApi({
      updateSettings: async () => {
        throw new Error('settings.json: permission denied')
      },
    })
    const { wrapper } = await mountPage(api)
    await wrapper.get('[data-testid="theme-light"]').setValue(true)
    await flushPromises()
    expect(wrapper.text()).toContain('permission denied')
    expect(wrapper.get('[data-testid="theme-now"]').text()).toContain('(from the system)')
  })
})
