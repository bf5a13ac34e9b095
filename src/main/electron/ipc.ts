/**
 * The API over IPC. One invoke channel carries every call: the sender is checked first, then
 * `dispatch` validates the method and its arguments (`checkCall`) before the core sees them, so a
 * compromised page can reach nothing the contract does not offer, with nothing it does not allow.
 */
import { BrowserWindow, dialog, ipcMain, shell, type IpcMainInvokeEvent } from 'electron'
import type { BenchtopApi } from '../../shared/api'
import { isApiId } from '../../shared/apiMethods'
import { dispatch } from '../core/dispatch'
import { CALL_CHANNEL, EVENT_CHANNEL, PICK_DIRECTORY_CHANNEL, SHOW_IN_FOLDER_CHANNEL } from './channels'

export interface ApiIpcOptions {
  isTrustedSender(event: IpcMainInvokeEvent): boolean
  /** A run's folder (throws for an unknown run), or the runs folder without an id; "Show in folder" needs it. */
  runFolder?(runId?: string): string
  /** Called with the id of every run the page started (startRun, resumeRun, startStudy's runs). */
  onRunStarted?(runId: string): void
}

/** The ids of the runs a call started, from its result. */
function startedRuns(method: unknown, result: unknown): string[] {
  if (method === 'startRun' || method === 'resumeRun') {
    const id = (result as { id?: unknown } | null)?.id
    return typeof id === 'string' ? [id] : []
  }
  if (method === 'startStudy') {
    const runs = (result as { runs?: { id?: unknown }[] } | null)?.runs
    return Array.isArray(runs) ? runs.map((r) => r?.id).filter((id): id is string => typeof id === 'string') : []
  }
  return []
}

/**
 * Accepts only the main frame of one of the app's own windows, showing the app's own page: not a
 * sub-frame (an iframe could host anything), not a webContents without a window, not a page the
 * window was somehow navigated to.
 */
export function createSenderCheck(isAppUrl: (url: string) => boolean): (event: IpcMainInvokeEvent) => boolean {
  return (event) => {
    if (!BrowserWindow.fromWebContents(event.sender)) return false
    const frame = event.senderFrame
    // Null when the frame navigated away or is gone since it sent the message.
    if (!frame || frame.parent !== null) return false
    // Compared by ids rather than by object identity of the WebFrameMain wrappers.
    const main = event.sender.mainFrame
    if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false
    return isAppUrl(frame.url)
  }
}

function refuseUntrusted(event: IpcMainInvokeEvent, options: ApiIpcOptions): void {
  if (!options.isTrustedSender(event)) throw new Error('refused: untrusted sender')
}

/**
 * Electron passes only an error's message to the renderer (custom classes and fields are lost), so
 * throw exactly that: a plain Error whose message the preload hands on unchanged.
 */
function plainError(error: unknown): Error {
  return new Error(error instanceof Error ? error.message : String(error))
}

/** Registers the API's handlers; returns a function that removes them. */
export function registerApiIpc(core: BenchtopApi, options: ApiIpcOptions): () => void {
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, args: unknown) => {
    refuseUntrusted(event, options)
    try {
      const result = await dispatch(core, method, args)
      for (const id of startedRuns(method, result)) options.onRunStarted?.(id)
      return result
    } catch (error) {
      throw plainError(error)
    }
  })
  ipcMain.handle(SHOW_IN_FOLDER_CHANNEL, async (event, runId: unknown) => {
    refuseUntrusted(event, options)
    if (runId !== undefined && !isApiId(runId)) throw new Error('showInFolder: the run id must be an id (letters, digits, _ . -)')
    if (!options.runFolder) throw new Error('showInFolder: not available')
    let folder: string
    try {
      folder = options.runFolder(runId)
    } catch (error) {
      throw plainError(error)
    }
    // A run: its folder selected in its parent; the runs folder: opened.
    if (runId === undefined) {
      const problem = await shell.openPath(folder)
      if (problem) throw new Error(`${folder}: ${problem}`)
    } else shell.showItemInFolder(folder)
  })
  ipcMain.handle(PICK_DIRECTORY_CHANNEL, async (event) => {
    refuseUntrusted(event, options)
    const window = BrowserWindow.fromWebContents(event.sender)
    if (!window) throw new Error('refused: untrusted sender')
    // Modal to the asking window, so it cannot stack pickers or lose one behind the window.
    const result = await dialog.showOpenDialog(window, { properties: ['openDirectory'] })
    return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]
  })
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL)
    ipcMain.removeHandler(PICK_DIRECTORY_CHANNEL)
    ipcMain.removeHandler(SHOW_IN_FOLDER_CHANNEL)
  }
}

/** Sends every core event to the window until it closes; returns the unsubscribe. */
export function forwardEvents(core: BenchtopApi, window: BrowserWindow): () => void {
  const unsubscribe = core.subscribe((event) => {
    // Events can race the window's teardown; a destroyed webContents throws on send.
    if (window.isDestroyed() || window.webContents.isDestroyed()) return
    window.webContents.send(EVENT_CHANNEL, event)
  })
  window.once('closed', unsubscribe)
  return unsubscribe
}
