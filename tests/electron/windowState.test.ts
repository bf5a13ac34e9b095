import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SIZE, MIN_SIZE, restoreWindowState } from '../../src/main/electron/windowState'
import { readWindowState, writeWindowState } from '../../src/main/electron/windowStateFile'

const laptop = { x: 0, y: 0, width: 1440, height: 875 }
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1415 }

describe('restoring the window’s size and place', () => {
  it('keeps a saved place that is on a screen', () => {
    expect(restoreWindowState({ x: 100, y: 50, width: 1000, height: 700, maximized: false }, [laptop])).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: false })
    expect(restoreWindowState({ x: 2000, y: 100, width: 1600, height: 1000, maximized: true }, [laptop, rightMonitor])).toEqual({ x: 2000, y: 100, width: 1600, height: 1000, maximized: true })
  })

  it('drops the place of a window on a monitor that is gone, keeping a size that fits', () => {
    // Saved on the right monitor, which is unplugged now.
    expect(restoreWindowState({ x: 2000, y: 100, width: 1600, height: 1000, maximized: false }, [laptop])).toEqual({ width: 1440, height: 875, maximized: false })
  })

  it('drops a place whose title bar cannot be grabbed (above the screen, or only a sliver on it)', () => {
    expect(restoreWindowState({ x: 100, y: -600, width: 1000, height: 700 }, [laptop])).not.toHaveProperty('x')
    // 50 px of the title bar on screen: less than the 120 px needed to grab it.
    expect(restoreWindowState({ x: 1390, y: 100, width: 1000, height: 700 }, [laptop])).not.toHaveProperty('x')
    // 200 px on screen: kept, and moved fully onto the screen.
    expect(restoreWindowState({ x: 1240, y: 100, width: 1000, height: 700 }, [laptop])).toEqual({ x: 440, y: 100, width: 1000, height: 700, maximized: false })
  })

  it('clamps the size between the smallest window and the screen', () => {
    expect(restoreWindowState({ x: 0, y: 0, width: 100, height: 50 }, [laptop])).toMatchObject({ width: MIN_SIZE.width, height: MIN_SIZE.height })
    expect(restoreWindowState({ x: 0, y: 0, width: 5000, height: 4000 }, [laptop])).toMatchObject({ x: 0, y: 0, width: 1440, height: 875 })
  })

  it('falls back to the default size for anything unreadable', () => {
    const fallback = { width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height, maximized: false }
    for (const saved of [null, 'big', 42, {}, { width: 'wide', height: 700 }, { width: NaN, height: 700 }, { width: -5, height: 700 }, { width: Infinity, height: 1 }]) {
      expect(restoreWindowState(saved, [rightMonitor]), JSON.stringify(saved)).toEqual(fallback)
    }
    // A size without a place: the size, centred by the window system.
    expect(restoreWindowState({ width: 900, height: 600, x: 'left' }, [laptop])).toEqual({ width: 900, height: 600, maximized: false })
  })

  it('reads back what it wrote, and null for a missing or broken file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'benchtop-winstate-'))
    const file = path.join(dir, 'sub', 'window-state.json')
    expect(readWindowState(file)).toBeNull()
    expect(writeWindowState(file, { x: 1, y: 2, width: 800, height: 600, maximized: true })).toBe(true)
    expect(readWindowState(file)).toEqual({ x: 1, y: 2, width: 800, height: 600, maximized: true })
    writeFileSync(file, '{ not json')
    expect(readWindowState(file)).toBeNull()
  })
})
