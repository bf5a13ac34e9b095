import type { RendererApi } from '../../shared/api'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in web mode. */
    benchtop?: RendererApi
  }
}

export {}
