/**
 * Page actions of the shortcuts: a page handles the actions it has (the Runs page: next run,
 * filter, compare selected, ...) while it is mounted. An action sent while no page handles it
 * waits for the next page that does (`/` on another page goes to Runs, then focuses its filter).
 */
import { onBeforeUnmount, onMounted } from 'vue'
import type { ShortcutAction } from './keymap'

type Handler = (action: ShortcutAction) => boolean

const handlers: Handler[] = []
let waiting: ShortcutAction | null = null

/** Offers the action to the pages; true when one handled it. `wait`: keep it for the next page that does. */
export function sendShortcut(action: ShortcutAction, wait = false): boolean {
  for (const handler of [...handlers].reverse()) if (handler(action)) return true
  waiting = wait ? action : null
  return false
}

export function addShortcutHandler(handler: Handler): () => void {
  handlers.push(handler)
  if (waiting !== null && handler(waiting)) waiting = null
  return () => {
    const i = handlers.indexOf(handler)
    if (i >= 0) handlers.splice(i, 1)
  }
}

/** The handler, from mount to unmount of the calling component. */
export function useShortcutHandler(handler: Handler): void {
  let remove: (() => void) | null = null
  onMounted(() => {
    remove = addShortcutHandler(handler)
  })
  onBeforeUnmount(() => remove?.())
}
