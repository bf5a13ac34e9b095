/**
 * The window's size and place, remembered between starts. Pure: `restoreWindowState` checks what
 * was saved against the screens there are now (a monitor may be gone, a file may be edited), and
 * `windowStateFile.ts` reads and writes it.
 */

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState extends Rect {
  maximized: boolean
}

/** The window's size on a first start. */
export const DEFAULT_SIZE = { width: 1280, height: 800 }
/** The smallest window the pages are laid out for (the Runs table's narrow layout, a collapsed sidebar). */
export const MIN_SIZE = { width: 640, height: 480 }
/** How much of the title bar must lie on a screen for the saved place to count: enough to grab it. */
const GRAB_WIDTH = 120
const GRAB_HEIGHT = 32

/** What a new window gets: a size always, a place only when it is on a screen now. */
export interface RestoredBounds {
  width: number
  height: number
  x?: number
  y?: number
  maximized: boolean
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return { width: Math.max(0, width), height: Math.max(0, height) }
}

/**
 * The bounds to open the window with. `workAreas`: the screens' usable areas now, the primary
 * first. Anything unreadable falls back to the default size, centred (no x/y) by the window system.
 */
export function restoreWindowState(saved: unknown, workAreas: readonly Rect[]): RestoredBounds {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE }
  const fit = (width: number, height: number, area: Rect) => ({
    width: Math.round(Math.max(MIN_SIZE.width, Math.min(width, area.width))),
    height: Math.round(Math.max(MIN_SIZE.height, Math.min(height, area.height))),
  })
  const s = saved as Partial<WindowState> | null
  if (!s || typeof s !== 'object' || !finite(s.width) || !finite(s.height) || s.width <= 0 || s.height <= 0) {
    return { ...fit(DEFAULT_SIZE.width, DEFAULT_SIZE.height, primary), maximized: false }
  }
  const maximized = s.maximized === true
  if (!finite(s.x) || !finite(s.y)) return { ...fit(s.width, s.height, primary), maximized }
  // The title bar's strip: the part a user needs on screen to move the window back.
  const titleBar: Rect = { x: s.x, y: s.y, width: s.width, height: GRAB_HEIGHT }
  const home = workAreas.find((area) => {
    const o = overlap(titleBar, area)
    return o.width >= Math.min(GRAB_WIDTH, s.width as number) && o.height >= Math.min(GRAB_HEIGHT, s.height as number)
  })
  if (!home) return { ...fit(s.width, s.height, primary), maximized }
  const size = fit(s.width, s.height, home)
  // Kept inside the screen it is on, so a window larger than a new, smaller screen is not cut off.
  const x = Math.round(Math.min(Math.max(s.x, home.x), home.x + home.width - size.width))
  const y = Math.round(Math.min(Math.max(s.y, home.y), home.y + home.height - size.height))
  return { ...size, x, y, maximized }
}
