import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { menuTemplate } from '../../src/main/electron/menuTemplate'

type Item = MenuItemConstructorOptions
const items = (template: Item[]): Item[] => template.flatMap((m) => [m, ...(Array.isArray(m.submenu) ? items(m.submenu as Item[]) : [])])
const roles = (template: Item[]) => items(template).map((i) => i.role).filter(Boolean)

describe('the application menu', () => {
  it('has the usual roles on Linux and Windows, with Quit under File', () => {
    const t = menuTemplate({ platform: 'linux', appName: 'Benchtop', command: () => {} })
    expect(t.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'windowMenu', 'help'])
    for (const role of ['quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'reload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'minimize']) {
      expect(roles(t)).toContain(role)
    }
    expect(roles(t)).not.toContain('hide')
  })

  it('has the app menu on macOS (about, hide, quit) and Close under File', () => {
    const t = menuTemplate({ platform: 'darwin', appName: 'Benchtop', command: () => {} })
    expect(t[0].label).toBe('Benchtop')
    expect(roles([t[0]])).toEqual(expect.arrayContaining(['about', 'hide', 'hideOthers', 'quit']))
    expect(roles([t[1]])).toEqual(['close'])
  })

  it('sends Benchtop’s commands to the page, each with its own shortcut', () => {
    const command = vi.fn()
    const t = menuTemplate({ platform: 'linux', appName: 'Benchtop', command })
    const own = items(t).filter((i) => typeof i.click === 'function')
    const accelerators = own.map((i) => i.accelerator)
    expect(new Set(accelerators).size).toBe(own.length)
    for (const i of own) (i.click as () => void)()
    expect(command.mock.calls.map((c) => c[0]).sort()).toEqual(['filter', 'go-compare', 'go-new', 'go-runs', 'go-settings', 'help', 'toggle-sidebar'])
  })

  it('names only commands the page knows', async () => {
    const { SHORTCUTS } = await import('../../src/renderer/src/shortcuts/keymap')
    const known = new Set(SHORTCUTS.map((s) => s.action as string))
    const command = vi.fn()
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      for (const i of items(menuTemplate({ platform, appName: 'B', command }))) if (typeof i.click === 'function') (i.click as () => void)()
    }
    for (const [name] of command.mock.calls) expect(known.has(name), name).toBe(true)
  })
})
