/**
 * Electron host entry. Everything that imports `electron` lives under ./electron; the core, the
 * command line and the web mode run without it.
 */
import { app } from 'electron'
import { startElectronApp } from './electron/app'
import { appLocations } from './electron/locations'

// Resolved from this file: in the build it is out/main/index.js, beside worker.js.
// A packaged app never takes its page from ELECTRON_RENDERER_URL (only `electron-vite dev` sets it).
startElectronApp(appLocations(import.meta.url, process.env, app.isPackaged))
