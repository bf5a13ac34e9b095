/**
 * `/api/events`: every `CoreEvent` goes to every connected browser as one JSON text message.
 * The server hands over only upgrades that already passed the host, origin and token checks.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer } from 'ws'
import type { BenchtopApi } from '../../shared/api'
import { EVENTS_PROTOCOL } from './auth'

/** A tab that stopped reading (asleep, hung) is dropped rather than buffered without end; it reconnects. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024

export interface EventHub {
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void
  /** Stops listening to the core and drops every socket. */
  close(): Promise<void>
}

export function createEventHub(core: Pick<BenchtopApi, 'subscribe'>): EventHub {
  // Browsers send nothing on this socket, so anything large they send is refused.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 4096,
    perMessageDeflate: false,
    // A browser offers ['benchtop', 'benchtop.token.<T>']: answer with the plain one, never echoing the token.
    handleProtocols: (protocols) => (protocols.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false),
  })

  const unsubscribe = core.subscribe((event) => {
    const text = JSON.stringify(event)
    for (const client of wss.clients) {
      if (client.readyState !== WebSocket.OPEN) continue
      if (client.bufferedAmount > MAX_BUFFERED_BYTES) client.terminate()
      else client.send(text)
    }
  })

  return {
    accept(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (client) => {
        // Without a listener, a socket error would be thrown and end the whole server.
        client.on('error', () => client.terminate())
      })
    },
    close() {
      unsubscribe()
      for (const client of wss.clients) client.terminate()
      return new Promise((resolve) => wss.close(() => resolve()))
    },
  }
}
