/**
 * The API over IPC. One invoke channel carries every call: the sender is checked first, then
 * `dispatch` validates the method and its arguments (`checkCall`) before the core sees them, so a
 * compromised page can reach nothing the contract does not offer, with nothing it does not allow.
 */
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron'
import type { BenchtopApi } from '../../shared/api'
import { dispatch } from '../core/dispatch'
import { CALL_CHANNEL, EVENT_CHANNEL, PICK_DIRECTORY_CHANNEL } from './channels'

export interface ApiIpcOptions {
  isTrustedSender(event: IpcMainInvokeEvent): boolean
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
      return await dispatch(core, method, args)
    } catch (error) {
      throw plainError(error)
    }
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
