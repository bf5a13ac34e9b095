/**
 * The application menu as data (Electron's `Menu.buildFromTemplate` takes it): the usual roles
 * with their platform shortcuts (edit, reload, zoom, full screen, window, quit), plus Benchtop's
 * own commands, which go to the page (`command`) as the same actions as its keyboard shortcuts.
 */
import type { MenuItemConstructorOptions } from 'electron'

/** Commands the page carries out (src/renderer/src/shortcuts/keymap.ts has the same names). */
export type MenuCommand = 'go-runs' | 'go-new' | 'go-compare' | 'go-settings' | 'toggle-sidebar' | 'filter' | 'help'

export interface MenuOptions {
  platform: NodeJS.Platform
  appName: string
  command(name: MenuCommand): void
}

export function menuTemplate({ platform, appName, command }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const item = (label: string, name: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => command(name),
  })
  const template: MenuItemConstructorOptions[] = []
  if (mac) {
    template.push({
      label: appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        item('Settings…', 'go-settings', 'CmdOrCtrl+,'),
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    })
  }
  template.push({
    label: 'File',
    submenu: [
      item('New Run', 'go-new', 'CmdOrCtrl+N'),
      ...(mac ? [] : [item('Settings', 'go-settings', 'CmdOrCtrl+,')]),
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  })
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { role: 'selectAll' },
      { type: 'separator' },
      item('Filter Runs', 'filter', 'CmdOrCtrl+F'),
    ],
  })
  template.push({
    label: 'View',
    submenu: [
      item('Runs', 'go-runs', 'CmdOrCtrl+1'),
      item('Compare', 'go-compare', 'CmdOrCtrl+2'),
      item('Toggle Sidebar', 'toggle-sidebar', 'CmdOrCtrl+B'),
      { type: 'separator' },
      { role: 'reload' },
      { role: 'forceReload' },
      { role: 'toggleDevTools' },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  })
  template.push({
    role: 'windowMenu',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  })
  template.push({
    role: 'help',
    submenu: [item('Keyboard Shortcuts', 'help', 'CmdOrCtrl+/')],
  })
  return template
}
