/**
 * The keyboard shortcuts: what each does, the keys the `?` list shows, and the reading of key
 * presses into actions (with two-key sequences such as `g r`). Pure: App.vue feeds it keydown
 * events and carries out what it returns; pages carry out their own actions (bus.ts).
 */

export type ShortcutAction =
  | 'help'
  | 'go-runs'
  | 'go-new'
  | 'go-compare'
  | 'go-settings'
  | 'toggle-sidebar'
  | 'filter'
  | 'next-run'
  | 'previous-run'
  | 'toggle-select'
  | 'compare-selected'
  | 'cancel-selected'
  | 'escape'

export interface Shortcut {
  action: ShortcutAction
  /** The keys in order, as pressed (`KeyboardEvent.key`): ['g', 'r'] is g then r. */
  keys: string[]
  label: string
  /** Where it works: on every page, or on the Runs page. */
  scope: 'Everywhere' | 'Runs'
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'help', keys: ['?'], label: 'Show or hide this list of shortcuts', scope: 'Everywhere' },
  { action: 'go-runs', keys: ['g', 'r'], label: 'Go to Runs', scope: 'Everywhere' },
  { action: 'go-new', keys: ['g', 'n'], label: 'Go to New run', scope: 'Everywhere' },
  { action: 'go-compare', keys: ['g', 'c'], label: 'Go to Compare', scope: 'Everywhere' },
  { action: 'go-settings', keys: ['g', 's'], label: 'Go to Settings', scope: 'Everywhere' },
  { action: 'toggle-sidebar', keys: ['['], label: 'Collapse or expand the sidebar', scope: 'Everywhere' },
  { action: 'escape', keys: ['Escape'], label: 'Cancel: close this list, leave a text field, clear the selection', scope: 'Everywhere' },
  { action: 'filter', keys: ['/'], label: 'Filter runs (goes to Runs first)', scope: 'Runs' },
  { action: 'next-run', keys: ['j'], label: 'Next run (the first one from anywhere on the page)', scope: 'Runs' },
  { action: 'previous-run', keys: ['k'], label: 'Previous run', scope: 'Runs' },
  { action: 'toggle-select', keys: ['x'], label: 'Select or unselect the run that has the focus', scope: 'Runs' },
  { action: 'compare-selected', keys: ['c'], label: 'Compare the selected runs', scope: 'Runs' },
  { action: 'cancel-selected', keys: ['C'], label: 'Cancel the selected runs that are running (Shift + C)', scope: 'Runs' },
]

export interface KeyPress {
  key: string
  ctrlKey?: boolean
  metaKey?: boolean
  altKey?: boolean
  /** The key went to a text field, a select or an editable element. */
  inField?: boolean
}

/** Reads key presses one at a time; remembers the first key of a sequence. */
export class KeyReader {
  private pending: string | null = null

  constructor(private readonly shortcuts: readonly Shortcut[] = SHORTCUTS) {}

  /** The action a press completes, or null (also for the first key of a sequence, which it remembers). */
  press(event: KeyPress): ShortcutAction | null {
    // Browser and system shortcuts (Ctrl+R, Cmd+C, ...) stay theirs.
    if (event.ctrlKey || event.metaKey || event.altKey) {
      this.pending = null
      return null
    }
    // In a text field every key is text, except Escape, which leaves it.
    if (event.inField) {
      this.pending = null
      return event.key === 'Escape' ? 'escape' : null
    }
    const first = this.pending
    this.pending = null
    if (first !== null) {
      const done = this.shortcuts.find((s) => s.keys.length === 2 && s.keys[0] === first && s.keys[1] === event.key)
      if (done) return done.action
    }
    const single = this.shortcuts.find((s) => s.keys.length === 1 && s.keys[0] === event.key)
    if (single) return single.action
    if (this.shortcuts.some((s) => s.keys.length === 2 && s.keys[0] === event.key)) this.pending = event.key
    return null
  }

  get waiting(): boolean {
    return this.pending !== null
  }
}

/** Whether a key press's target takes text (so letters must not trigger shortcuts). */
export function isTextTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false
  const el = target as HTMLElement
  if (el.isContentEditable) return true
  const tag = el.tagName.toLowerCase()
  if (tag === 'textarea' || tag === 'select') return true
  if (tag !== 'input') return false
  const type = ((el as HTMLInputElement).type || 'text').toLowerCase()
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(type)
}
