/**
 * Preload: runs sandboxed and context-isolated before the page, and exposes exactly one object,
 * `window.benchtop` (see api.ts).
 */
import { contextBridge, ipcRenderer } from 'electron'
import { createRendererApi } from './api'

contextBridge.exposeInMainWorld('benchtop', createRendererApi(ipcRenderer))
