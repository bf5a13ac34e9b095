import type { RendererApi } from '../../../shared/api'
import { createWebApi } from './webClient'

let current: RendererApi | null = null

/**
 * The API the renderer talks to: `window.benchtop` from the Electron preload, else the HTTP and
 * WebSocket client of the web mode. Pages and stores never know which.
 */
export function useApi(): RendererApi {
  current ??= window.benchtop ?? createWebApi()
  return current
}

/** Replaces the API (component and store tests pass a fake). */
export function setApi(api: RendererApi | null): void {
  current = api
}
