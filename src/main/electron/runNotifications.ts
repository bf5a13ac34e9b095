/**
 * Desktop notifications for runs: when a run the user started from this app ends while the window
 * is in the background, say how it ended. Pure decisions; app.ts shows them with Electron's
 * `Notification` and says whether the window has the focus.
 */
import type { CoreEvent, RunStatus } from '../../shared/api'

export interface RunNotification {
  title: string
  body: string
}

const ENDINGS: Partial<Record<RunStatus, string>> = {
  completed: 'finished',
  failed: 'failed',
  interrupted: 'was interrupted',
}

/**
 * The notification for an event, or null. A cancelled run is not announced (the user cancelled
 * it), nor any run while the window has the focus (the page shows it), nor runs the user did not
 * start here (another app's, a study's queue worker's, the command line's).
 */
export function notificationFor(
  event: CoreEvent,
  context: { startedHere: ReadonlySet<string>; windowFocused: boolean; runName?: string },
): RunNotification | null {
  if (event.type !== 'run-status') return null
  const ending = ENDINGS[event.status]
  if (!ending || context.windowFocused || !context.startedHere.has(event.runId)) return null
  const name = context.runName ?? event.runId
  const firstLine = event.error?.split('\n')[0] ?? ''
  const body = event.status === 'completed' ? 'Its results are on the run page.' : firstLine ? firstLine.slice(0, 200) : 'See the run page for why.'
  return { title: `${name} ${ending}`, body }
}

/** Remembers which runs the user started here; announces each at most once. */
export class RunNotifier {
  private readonly startedHere = new Set<string>()

  constructor(
    private readonly deps: {
      windowFocused(): boolean
      runName(runId: string): string | undefined
      show(notification: RunNotification, runId: string): void
    },
  ) {}

  started(runId: string): void {
    this.startedHere.add(runId)
  }

  onEvent(event: CoreEvent): void {
    if (event.type !== 'run-status') return
    const n = notificationFor(event, { startedHere: this.startedHere, windowFocused: this.deps.windowFocused(), runName: this.deps.runName(event.runId) })
    if (['completed', 'failed', 'interrupted', 'cancelled'].includes(event.status)) this.startedHere.delete(event.runId)
    if (n) this.deps.show(n, event.runId)
  }
}
