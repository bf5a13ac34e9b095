import type { CoreEvent } from '../../shared/api'
import { formatDuration, formatValue } from './format'

/** One self-rewriting line on a terminal: bar, step, epoch, latest loss/accuracy, time left. */
export class ProgressBar {
  private latest: Record<string, number> = {}
  private lastDraw = 0

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(event: CoreEvent): void {
    if (event.type === 'metrics') {
      const last = event.points[event.points.length - 1]
      if (last) this.latest[event.name] = last.value
      return
    }
    if (event.type !== 'run-progress' || !event.totalSteps) return
    const now = Date.now()
    if (now - this.lastDraw < 100 && event.step < event.totalSteps) return
    this.lastDraw = now
    const width = 24
    const fraction = Math.min(1, event.step / event.totalSteps)
    const filled = Math.round(fraction * width)
    const metrics = ['loss', 'accuracy', 'val_accuracy']
      .filter((k) => k in this.latest)
      .map((k) => `${k} ${formatValue(this.latest[k])}`)
      .join('  ')
    const line =
      `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%` +
      `  step ${event.step}/${event.totalSteps}  epoch ${event.epoch}/${event.totalEpochs ?? '?'}  ${metrics}` +
      `  left ${formatDuration(event.etaMs)}`
    this.stream.write(`\r${line.slice(0, (this.stream.columns || 120) - 1).padEnd(Math.min(this.stream.columns || 120, 120) - 1)}`)
  }

  finish(): void {
    if (this.lastDraw) this.stream.write('\n')
  }
}
