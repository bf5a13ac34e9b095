/** Reading and writing the remembered window state (`<userData>/window-state.json`); never fatal. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { WindowState } from './windowState'

/** The saved JSON, or null when there is none or it cannot be read (restoreWindowState checks it). */
export function readWindowState(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown
  } catch {
    return null
  }
}

/** Writes the state (temporary file, then rename); a failure only loses the remembered place. */
export function writeWindowState(file: string, state: WindowState): boolean {
  try {
    mkdirSync(path.dirname(file), { recursive: true })
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, `${JSON.stringify(state)}\n`)
    renameSync(tmp, file)
    return true
  } catch {
    return false
  }
}
