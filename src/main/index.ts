/**
 * Electron host entry. Everything that imports `electron` lives under ./electron; the core, the
 * command line and the web mode run without it.
 */
import { startElectronApp } from './electron/app'
import { appLocations } from './electron/locations'

// Resolved from this file: in the build it is out/main/index.js, beside worker.js.
startElectronApp(appLocations(import.meta.url))
