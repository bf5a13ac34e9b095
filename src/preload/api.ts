/**
 * Builds `window.benchtop`: the API contract (src/shared/api.ts) as functions over IPC. The page
 * gets these functions only, never `ipcRenderer` or an IPC event object.
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron'
import type { CoreEvent, CoreListener, RendererApi } from '../shared/api'
import { API_METHOD_NAMES } from '../shared/apiMethods'
import { CALL_CHANNEL, EVENT_CHANNEL, MENU_CHANNEL, PICK_DIRECTORY_CHANNEL, SHOW_IN_FOLDER_CHANNEL } from '../main/electron/channels'

export type IpcPort = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>

/** What Electron puts before the message of an error thrown in a main-process handler. */
const REMOTE_ERROR_PREFIX = /^Error invoking remote method '[^']*': (?:Error: )?/

/** Rejects with the message main threw, without Electron's wrapper, so pages can show it as is. */
async function invoke(ipc: IpcPort, channel: string, ...args: unknown[]): Promise<unknown> {
  try {
    return await ipc.invoke(channel, ...args)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(message.replace(REMOTE_ERROR_PREFIX, ''))
  }
}

export function createRendererApi(ipc: IpcPort): RendererApi {
  const methods = Object.fromEntries(
    API_METHOD_NAMES.map((name) => [name, (...args: unknown[]) => invoke(ipc, CALL_CHANNEL, name, args)]),
  )
  return {
    ...(methods as Omit<RendererApi, 'subscribe' | 'host'>),
    subscribe(listener: CoreListener): () => void {
      // The page's listener sees the event only; the IpcRendererEvent (with its sender) stays here.
      const handler = (_event: IpcRendererEvent, event: CoreEvent): void => listener(event)
      ipc.on(EVENT_CHANNEL, handler)
      return () => {
        ipc.removeListener(EVENT_CHANNEL, handler)
      }
    },
    host: {
      kind: 'electron',
      pickDirectory: () => invoke(ipc, PICK_DIRECTORY_CHANNEL) as Promise<string | null>,
      showInFolder: async (runId?: string) => {
        await (runId === undefined ? invoke(ipc, SHOW_IN_FOLDER_CHANNEL) : invoke(ipc, SHOW_IN_FOLDER_CHANNEL, runId))
      },
      onMenuCommand: (listener: (command: string) => void) => {
        // Only the command's name reaches the page, never the IPC event.
        const handler = (_event: IpcRendererEvent, command: unknown): void => {
          if (typeof command === 'string') listener(command)
        }
        ipc.on(MENU_CHANNEL, handler)
        return () => {
          ipc.removeListener(MENU_CHANNEL, handler)
        }
      },
    },
  }
}
