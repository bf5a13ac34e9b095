/**
 * Whether the window can reach the core. In Electron it always can; in web mode the server may
 * stop or the network drop: the web client's event socket says so (and reconnects by itself), and
 * `reconnects` counts the times it came back, so that lists missed meanwhile can be read again.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { useApi } from '../api'
import { errorMessage } from '../components/format'

export type ConnectionState = 'connected' | 'disconnected' | 'checking'

/** What the web client adds to the API (see api/webClient.ts); looked up, not imported. */
interface SocketStatus {
  connectionState: 'idle' | 'connecting' | 'open' | 'reconnecting'
  onConnectionChange(listener: (state: SocketStatus['connectionState']) => void): () => void
}

function socketStatus(api: unknown): SocketStatus | null {
  const candidate = api as Partial<SocketStatus> | null
  return candidate && typeof candidate.onConnectionChange === 'function' ? (candidate as SocketStatus) : null
}

export const useConnectionStore = defineStore('connection', () => {
  const kind = ref<'electron' | 'web'>('electron')
  const state = ref<ConnectionState>('checking')
  const lastError = ref<string | null>(null)
  const reconnects = ref(0)
  let started = false
  let stopWatching: (() => void) | null = null
  let wasDown = false

  const isWeb = computed(() => kind.value === 'web')

  function apply(socket: SocketStatus['connectionState']): void {
    switch (socket) {
      case 'open':
        if (wasDown) reconnects.value += 1
        wasDown = false
        state.value = 'connected'
        lastError.value = null
        break
      case 'reconnecting':
        wasDown = true
        state.value = 'disconnected'
        lastError.value = 'The Benchtop server does not answer; reconnecting.'
        break
      case 'connecting':
        if (state.value !== 'connected') state.value = 'checking'
        break
      default:
        break
    }
  }

  /** One call to the server: says whether it answers (and with what error if not). */
  async function check(): Promise<void> {
    try {
      await useApi().listExperiments()
      if (state.value !== 'disconnected' || !wasDown) state.value = 'connected'
      lastError.value = null
    } catch (error) {
      state.value = 'disconnected'
      lastError.value = errorMessage(error)
    }
  }

  function start(): void {
    if (started) return
    started = true
    let api: ReturnType<typeof useApi>
    try {
      api = useApi()
      kind.value = api.host.kind
    } catch (error) {
      kind.value = 'web'
      state.value = 'disconnected'
      lastError.value = errorMessage(error)
      return
    }
    if (kind.value !== 'web') {
      state.value = 'connected'
      return
    }
    const socket = socketStatus(api)
    if (socket) {
      stopWatching = socket.onConnectionChange(apply)
      apply(socket.connectionState)
    }
    void check()
  }

  function stop(): void {
    stopWatching?.()
    stopWatching = null
    started = false
  }

  return { kind, state, lastError, reconnects, isWeb, check, start, stop }
})
