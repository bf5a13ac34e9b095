/**
 * Preload: exposes the narrow `window.benchtop` API to the renderer. The typed IPC transport over
 * the API contract arrives with the app; until then only the version is exposed.
 */
import { contextBridge } from 'electron'

contextBridge.exposeInMainWorld('benchtopInfo', { transport: 'electron' })
